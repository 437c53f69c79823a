using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Router.Status;

/// <summary>
/// The Basic auth of the status listener's private endpoints (<c>/routes</c>, <c>/dashboard</c>) with
/// <c>status.user</c> and <c>status.pass</c>: the decoded credentials are compared in constant time, and a request
/// without them gets 401 with <c>WWW-Authenticate: Basic</c>.
/// </summary>
internal sealed class StatusCredentials
{
    private static readonly byte[] Unauthorized = "401 Unauthorized\n"u8.ToArray();
    private readonly byte[] _expected;

    public StatusCredentials(string user, string password) => _expected = Encoding.UTF8.GetBytes($"{user}:{password}");

    /// <summary>True when the request's <c>Authorization</c> header carries the configured user and password.</summary>
    public bool IsAuthorized(HttpContext context)
    {
        const string Scheme = "Basic ";
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = Encoding.ASCII.GetBytes(authorization[Scheme.Length..].Trim());
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (Base64.DecodeFromUtf8(encoded, decoded, out _, out var written) != OperationStatus.Done)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(decoded.AsSpan(0, written), _expected);
    }

    /// <summary>Answers 401 with the Basic challenge.</summary>
    public static Task ChallengeAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers[HeaderNames.WWWAuthenticate] = "Basic";
        response.ContentType = "text/plain; charset=utf-8";
        return response.Body.WriteAsync(Unauthorized, context.RequestAborted).AsTask();
    }
}
