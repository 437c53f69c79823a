using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Router.Http;

/// <summary>
/// <c>max_request_header_bytes</c> and <c>max_request_headers</c> as Gorouter applies them
/// (<c>handlers/max_request_size.go</c>): the size of the request line plus every header line, counted as
/// <c>method SP target SP version CRLF</c> and <c>name: value CRLF</c> per value, must stay below the byte limit,
/// and the number of header values other than <c>Host</c> must not pass the count limit. A byte limit of 0, or one
/// above 1 MiB, means 1 MiB; a count limit of 0 means no limit.
/// </summary>
/// <remarks>
/// <para>
/// With tighter limits configured (<see cref="IsChecked"/>), Kestrel's own limits sit above them
/// (<see cref="KestrelLineAndHeaderBytes"/>, <see cref="KestrelHeaderCount"/>), so a request over the configured
/// limits reaches the router and gets Gorouter's answer. The check reads every header value; Kestrel recycles one
/// header enumerator per connection, and YARP takes a second one when it copies the headers, so a checked request
/// allocates that second enumerator (about 100 bytes).
/// </para>
/// <para>
/// With the defaults the router checks nothing per request: Kestrel refuses a request line or a header block of
/// 1 MiB or more itself (414 or 431, connection closed, no <c>X-Cf-Routererror</c>: Go's server answers past its
/// own cap the same way).
/// </para>
/// <para>
/// "No count limit" stops at <see cref="UnlimitedHeaderCount"/> header lines: Kestrel appends a repeated header's
/// values by copying the array, so 250,000 lines of one name (what fits in 1 MiB) would cost one request minutes of
/// CPU. Past it Kestrel answers 431 itself.
/// </para>
/// </remarks>
internal sealed class RequestSizeLimit
{
    /// <summary>The largest byte limit; also what 0 means.</summary>
    public const int OneMebibyte = 1024 * 1024;

    /// <summary>Kestrel's header-line limit when no count limit is configured; see the remarks.</summary>
    public const int UnlimitedHeaderCount = 10_000;

    /// <summary>Go's server refuses a request head past its cap plus this much (<c>net/http</c> <c>initialReadLimitSize</c>).</summary>
    private const int GoSlackBytes = 4096;

    /// <summary>Bytes of <c>": "</c> and CRLF around a header value; also the two spaces and CRLF of the request line.</summary>
    private const int LineOverhead = 4;

    public RequestSizeLimit(int maxBytes, int maxHeaders)
    {
        MaxBytes = maxBytes is <= 0 or > OneMebibyte ? OneMebibyte : maxBytes;
        MaxHeaders = Math.Max(0, maxHeaders);
    }

    /// <summary>A request whose counted size reaches this many bytes is refused.</summary>
    public int MaxBytes { get; }

    /// <summary>More header values than this are refused; 0 means no limit.</summary>
    public int MaxHeaders { get; }

    /// <summary>True when the router checks each request; false when Kestrel's limits say everything.</summary>
    public bool IsChecked => MaxBytes < OneMebibyte || MaxHeaders > 0;

    /// <summary>Kestrel's limit for the request line and, separately, for the header block.</summary>
    public int KestrelLineAndHeaderBytes => IsChecked ? OneMebibyte + GoSlackBytes : OneMebibyte;

    /// <summary>Kestrel's limit on header lines: room for the configured count plus <c>Host</c> and one more.</summary>
    public int KestrelHeaderCount => Math.Max(UnlimitedHeaderCount, MaxHeaders + 2);

    /// <summary>True when the request is over either limit.</summary>
    public bool IsExceeded(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        long size = request.Method.Length + target.Length + request.Protocol.Length + LineOverhead;
        var count = 0;

        foreach (var header in request.Headers)
        {
            var values = header.Value;
            var isHost = string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase);
            for (var i = 0; i < values.Count; i++)
            {
                size += header.Key.Length + (values[i]?.Length ?? 0) + LineOverhead;
                if (!isHost)
                {
                    count++;
                }
            }
        }

        return size >= MaxBytes || (MaxHeaders > 0 && count > MaxHeaders);
    }
}
