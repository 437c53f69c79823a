using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Router.Configuration;
using Router.RouteServices;
using RouteRegistry;

namespace Router.Proxying;

/// <summary>
/// The route-service gate of the request path, as Gorouter's <c>handlers/routeservice.go</c>
/// (docs/route-services.md): a route with a route service is refused when route services are off or the request is
/// a WebSocket upgrade; a request that carries a signature is checked and, when valid and made for the same route,
/// goes on to the app without the route-service headers; any other request is signed and sent to the route service.
/// With <c>route_services.strict_signature_validation</c>, a signature on a route without a service is checked too.
/// </summary>
internal sealed partial class RouteServiceGate : IDisposable
{
    private readonly RouteTable _table;
    private readonly RouteServicesOptions _options;
    private readonly TimeProvider _time;

    // Swapped whole by a reload that rotates the secrets; a replaced signer is left to the collector, not disposed,
    // because a request may still be checking a signature with it.
    private RouteServiceSigner? _signer;
    private readonly HairpinAllowlist _allowlist;
    private readonly string _scheme;
    private readonly ILogger _logger;

    private const int MaxParsedTargets = 10_000;

    // Route-service URLs parsed once; there are few (one per bound service), bounded in case registrations churn them.
    private readonly ConcurrentDictionary<string, ParsedTarget> _targets = new(StringComparer.Ordinal);
    private int _parsedCount;

    public RouteServiceGate(RouteTable table, RouterOptions options, ILogger logger, TimeProvider? time = null)
    {
        _table = table;
        _options = options.RouteServices;
        _logger = logger;
        _allowlist = new HairpinAllowlist(_options.HairpinningAllowlist);
        _scheme = _options.RecommendHttps ? "https://" : "http://";
        _time = time ?? TimeProvider.System;
        if (_options.Enabled)
        {
            _signer = new RouteServiceSigner(_options.Secret, _options.SecretDecryptOnly, _options.Timeout, _time);
            Clients = new RouteServiceClients(options);
        }
    }

    /// <summary>
    /// Signs and checks with new secrets (<c>route_services_secret</c>, <c>route_services_secret_decrypt_only</c>) and
    /// signature lifetime (<c>route_services_timeout</c>) from now on. Route services stay on or off as they started:
    /// <paramref name="options"/> must have a secret exactly when the gate already has one.
    /// </summary>
    public void RotateSecrets(RouteServicesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Enabled != (_signer is not null))
        {
            throw new InvalidOperationException("Route services cannot be turned on or off without a restart.");
        }

        if (options.Enabled)
        {
            Volatile.Write(ref _signer, new RouteServiceSigner(options.Secret, options.SecretDecryptOnly, options.Timeout, _time));
        }
    }

    /// <summary>True when requests for routes without a route service must be looked at too (strict signature checks).</summary>
    public bool ChecksEveryRoute => _signer is not null && _options.StrictSignatureValidation;

    /// <summary>The clients toward route services; null when route services are off.</summary>
    public RouteServiceClients? Clients { get; }

    /// <summary>Attempts to reach a route service, at least 1.</summary>
    public int MaxAttempts => Math.Max(1, _options.MaxAttempts);

    /// <summary>Decides what happens to a request for <paramref name="pool"/>, whose route service is <paramref name="routeServiceUrl"/> (maybe empty).</summary>
    public RouteServiceDecision Decide(HttpContext context, EndpointPool pool, string routeServiceUrl, string host, string requestTarget)
    {
        var headers = context.Request.Headers;
        var signature = headers[RouteServiceHeaders.Signature].ToString();
        if (routeServiceUrl.Length == 0)
        {
            return signature.Length > 0 && ChecksEveryRoute ? CheckStrict(signature, headers) : RouteServiceDecision.ToApp;
        }

        if (_signer is null)
        {
            LogUnsupported(_logger, host);
            return RouteServiceDecision.Reject(ProxyError.RouteServiceUnsupported);
        }

        if (WebSocketUpgrade.IsRequested(context))
        {
            LogUnsupported(_logger, host);
            return RouteServiceDecision.Reject(ProxyError.RouteServiceWebSocket);
        }

        if (signature.Length > 0)
        {
            return CheckReturning(signature, headers, pool, host);
        }

        return Outbound(routeServiceUrl, host, requestTarget);
    }

    public void Dispose()
    {
        _signer?.Dispose();
        Clients?.Dispose();
    }

    private RouteServiceDecision CheckStrict(string signature, IHeaderDictionary headers)
    {
        var check = Volatile.Read(ref _signer)!.Check(signature, headers[RouteServiceHeaders.Metadata].ToString());
        return check.Verdict switch
        {
            SignatureVerdict.Valid => RouteServiceDecision.ToApp,
            SignatureVerdict.Expired => RouteServiceDecision.Reject(ProxyError.StrictSignatureExpired, check.Error),
            _ => RouteServiceDecision.Reject(ProxyError.StrictSignatureInvalid, check.Error),
        };
    }

    private RouteServiceDecision CheckReturning(string signature, IHeaderDictionary headers, EndpointPool pool, string host)
    {
        var check = Volatile.Read(ref _signer)!.Check(signature, headers[RouteServiceHeaders.Metadata].ToString());
        var error = check.Verdict == SignatureVerdict.Valid ? SameRoute(check.Contents.ForwardedUrl, pool) : check.Error;
        if (error is not null)
        {
            LogSignatureFailed(_logger, host, error);
            return RouteServiceDecision.Reject(
                check.Verdict == SignatureVerdict.Expired ? ProxyError.RouteServiceSignatureExpired : ProxyError.RouteServiceSignatureInvalid, error);
        }

        // The app must not see them (Gorouter removes all three).
        headers.Remove(RouteServiceHeaders.Signature);
        headers.Remove(RouteServiceHeaders.Metadata);
        headers.Remove(RouteServiceHeaders.ForwardedUrl);
        return RouteServiceDecision.ToApp;
    }

    /// <summary>Null when the signed URL resolves to the requested route; else Gorouter's error text.</summary>
    private string? SameRoute(string forwardedUrl, EndpointPool pool)
    {
        if (!TrySplitUrl(forwardedUrl, out var host, out var path))
        {
            return $"parse \"{forwardedUrl}\": invalid URI for request";
        }

        var forwardedPool = _table.Lookup(host, path);
        if (forwardedPool is null)
        {
            return $"original request URL {string.Concat(host, path)} does not exist in the routing table";
        }

        return ReferenceEquals(forwardedPool, pool) || string.Equals(forwardedPool.Key, pool.Key, StringComparison.Ordinal)
            ? null
            : $"route service forwarded URL {pool.Host}{pool.ContextPath} does not match the original request URL {string.Concat(host, path)}";
    }

    private RouteServiceDecision Outbound(string routeServiceUrl, string host, string requestTarget)
    {
        var target = Parse(routeServiceUrl);
        if (target is null)
        {
            LogRouteServiceFailed(_logger, host, "invalid route service URL");
            return RouteServiceDecision.Reject(ProxyError.RouteServiceRequestFailed);
        }

        var forwardedUrl = string.Concat(_scheme, WithoutPort(host), requestTarget);
        var (signature, metadata) = Volatile.Read(ref _signer)!.Sign(forwardedUrl);
        var hairpinned = _options.Hairpinning && _table.Lookup(target.Uri.IdnHost, target.Uri.AbsolutePath) is { } routed && _allowlist.Allows(routed.Host);
        return new RouteServiceDecision(
            RouteServiceOutcome.ToRouteService, default, null,
            new RouteServiceRequest(hairpinned ? target.Hairpin : target.Uri, target.Uri.Authority, signature, metadata, forwardedUrl, hairpinned));
    }

    private ParsedTarget? Parse(string routeServiceUrl)
    {
        if (_targets.TryGetValue(routeServiceUrl, out var known))
        {
            return known;
        }

        if (!Uri.TryCreate(routeServiceUrl, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var parsed = new ParsedTarget(uri, new Uri($"http://127.0.0.1:{_options.InternalServerPort}{uri.PathAndQuery}"));
        // A counter, not the dictionary's Count, which takes every lock of the dictionary.
        if (Volatile.Read(ref _parsedCount) < MaxParsedTargets && _targets.TryAdd(routeServiceUrl, parsed))
        {
            Interlocked.Increment(ref _parsedCount);
        }

        return parsed;
    }

    /// <summary>A route-service URL and the internal listener's URI for the same path, for hairpinning.</summary>
    private sealed record ParsedTarget(Uri Uri, Uri Hairpin);

    /// <summary>
    /// The host (without port) and path (without query) of an absolute URL, as Gorouter takes them from the signed
    /// forwarded URL (<c>url.ParseRequestURI</c>, host without port, escaped path); no allocation.
    /// </summary>
    private static bool TrySplitUrl(string url, out ReadOnlySpan<char> host, out ReadOnlySpan<char> path)
    {
        host = default;
        path = default;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return false;
        }

        var rest = url.AsSpan(schemeEnd + 3);
        var authorityEnd = rest.IndexOfAny('/', '?', '#');
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        host = WithoutPort(authority);
        if (host.IsEmpty)
        {
            return false;
        }

        if (authorityEnd < 0 || rest[authorityEnd] != '/')
        {
            path = "/";
            return true;
        }

        path = rest[authorityEnd..];
        var pathEnd = path.IndexOfAny('?', '#');
        path = pathEnd < 0 ? path : path[..pathEnd];
        return true;
    }

    /// <summary>The host of an authority (a <c>Host</c> header value), without its port; IPv6 literals keep their brackets.</summary>
    private static ReadOnlySpan<char> WithoutPort(ReadOnlySpan<char> authority)
    {
        var colon = authority.LastIndexOf(':');
        return colon > 0 && colon > authority.LastIndexOf(']') ? authority[..colon] : authority;
    }

    [LoggerMessage(EventId = 120, EventName = "route-service-unsupported", Level = LogLevel.Information,
        Message = "Route {Host} has a route service, which this request cannot use")]
    private static partial void LogUnsupported(ILogger logger, string host);

    [LoggerMessage(EventId = 121, EventName = "signature-validation-failed", Level = LogLevel.Warning,
        Message = "Route-service signature for {Host} refused: {Error}")]
    private static partial void LogSignatureFailed(ILogger logger, string host, string error);

    [LoggerMessage(EventId = 122, EventName = "route-service-failed", Level = LogLevel.Warning,
        Message = "Route-service request for {Host} failed: {Error}")]
    private static partial void LogRouteServiceFailed(ILogger logger, string host, string error);
}
