using System.Text;

namespace Router.FunctionalTests.HostileInput;

/// <summary>
/// Request lines, versions, header syntax, and every Content-Length / Transfer-Encoding combination of RFC 9112 §6
/// with the known smuggling variants, each with the answer the router gives (docs/security.md explains each choice).
/// </summary>
public static class HostileRequestCorpus
{
    public const string Host = "corpus.test";

    private const string H = "Host: " + Host + "\r\n";

    public static TheoryData<HostileRequest> RequestLines() =>
    [
        new("origin form", $"GET / HTTP/1.1\r\n{H}\r\n", 200, false, BackendSees.Request),
        new("HTTP/1.0 without keep-alive", $"GET / HTTP/1.0\r\n{H}\r\n", 200, true, BackendSees.Request),
        new("HTTP/0.9 request line", "GET /\r\n\r\n", 400, true, BackendSees.Nothing),
        new("unknown minor version", $"GET / HTTP/1.2\r\n{H}\r\n", 505, true, BackendSees.Nothing),
        new("HTTP/2.0 request line", $"GET / HTTP/2.0\r\n{H}\r\n", 505, true, BackendSees.Nothing),
        new("HTTP/2 preface on the plain port", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", null, true, BackendSees.Nothing),
        new("lower-case version", $"GET / http/1.1\r\n{H}\r\n", 505, true, BackendSees.Nothing),
        new("extra token", $"GET / HTTP/1.1 x\r\n{H}\r\n", 400, true, BackendSees.Nothing),
        new("two spaces", $"GET  / HTTP/1.1\r\n{H}\r\n", 400, true, BackendSees.Nothing),
        new("tab as separator", $"GET\t/ HTTP/1.1\r\n{H}\r\n", 400, true, BackendSees.Nothing),
        new("NUL in method", $"G\0T / HTTP/1.1\r\n{H}\r\n", 400, true, BackendSees.Nothing),
        new("NUL in target", $"GET /\0 HTTP/1.1\r\n{H}\r\n", 400, true, BackendSees.Nothing),
        new("DEL in target", $"GET /a\u007f HTTP/1.1\r\n{H}\r\n", 400, true, BackendSees.Nothing),
        new("bare CR ends the request line", $"GET / HTTP/1.1\r{H}\r\n", 400, true, BackendSees.Nothing),
        new("absolute form routes by its authority", "GET http://corpus.test/abs HTTP/1.1\r\nHost: other.test\r\n\r\n", 200, false, BackendSees.Request),
        new("TRACE is forwarded", $"TRACE / HTTP/1.1\r\n{H}\r\n", 200, false, BackendSees.Request),
        new("request line over 1 MiB", $"GET /{new string('a', 1100 * 1024)} HTTP/1.1\r\n{H}\r\n", 414, true, BackendSees.Nothing),
    ];

    public static TheoryData<HostileRequest> HeaderSyntax() =>
    [
        new("NUL in a value", $"GET / HTTP/1.1\r\n{H}X-A: a\0b\r\n\r\n", 400, true, BackendSees.Nothing),
        new("bare CR in a value", $"GET / HTTP/1.1\r\n{H}X-A: a\rb\r\n\r\n", 400, true, BackendSees.Nothing),
        new("control byte in a value", $"GET / HTTP/1.1\r\n{H}X-A: a\u0001b\r\n\r\n", 400, true, BackendSees.Nothing),
        new("escape sequence in a value", $"GET / HTTP/1.1\r\n{H}User-Agent: a\x1b[2Jb\r\n\r\n", 400, true, BackendSees.Nothing),
        new("DEL in a value", $"GET / HTTP/1.1\r\n{H}X-A: a\u007fb\r\n\r\n", 400, true, BackendSees.Nothing),
        new("tab inside a value", $"GET / HTTP/1.1\r\n{H}X-A: a\tb\r\n\r\n", 200, false, BackendSees.Request),
        new("obs-fold", $"GET / HTTP/1.1\r\n{H}X-A: a\r\n b\r\n\r\n", 400, true, BackendSees.Nothing),
        new("space before the colon", $"GET / HTTP/1.1\r\n{H}X-A : a\r\n\r\n", 400, true, BackendSees.Nothing),
        new("tab before the colon", $"GET / HTTP/1.1\r\n{H}X-A\t: a\r\n\r\n", 400, true, BackendSees.Nothing),
        new("line without a colon", $"GET / HTTP/1.1\r\n{H}X-A\r\n\r\n", 400, true, BackendSees.Nothing),
        new("empty header name", $"GET / HTTP/1.1\r\n{H}: a\r\n\r\n", 400, true, BackendSees.Nothing),
        new("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", 400, true, BackendSees.Nothing),
        new("two Host headers", $"GET / HTTP/1.1\r\n{H}{H}\r\n", 400, true, BackendSees.Nothing),
        new("space inside Host", "GET / HTTP/1.1\r\nHost: corpus .test\r\n\r\n", 400, true, BackendSees.Nothing),
        new("101 headers with no count limit", $"GET / HTTP/1.1\r\n{H}{ManyHeaders(101)}\r\n", 200, false, BackendSees.Request),
        new("header block over 1 MiB", $"GET / HTTP/1.1\r\n{H}X-Big: {new string('a', 1100 * 1024)}\r\n\r\n", 431, true, BackendSees.Nothing),
    ];

    public static TheoryData<HostileRequest> Framing() =>
    [
        new("Content-Length", Post("Content-Length: 5\r\n", "hello"), 200, false, BackendSees.Request, "hello"),
        new("Content-Length with leading zeros", Post("Content-Length: 005\r\n", "hello"), 200, false, BackendSees.Request, "hello"),
        new("Content-Length with whitespace around", Post("Content-Length: \t5 \r\n", "hello"), 200, false, BackendSees.Request, "hello"),
        new("Content-Length with a plus sign", Post("Content-Length: +5\r\n", "hello"), 400, true, BackendSees.Nothing),
        new("negative Content-Length", Post("Content-Length: -5\r\n", "hello"), 400, true, BackendSees.Nothing),
        new("Content-Length minus zero", Post("Content-Length: -0\r\n", string.Empty), 400, true, BackendSees.Nothing),
        new("Content-Length as a list", Post("Content-Length: 5,5\r\n", "hello"), 400, true, BackendSees.Nothing),
        new("Content-Length with a space inside", Post("Content-Length: 5 5\r\n", "hello"), 400, true, BackendSees.Nothing),
        new("Content-Length twice, same value", Post("Content-Length: 5\r\nContent-Length: 5\r\n", "hello"), 400, true, BackendSees.Nothing),
        new("Content-Length twice, different values", Post("Content-Length: 5\r\nContent-Length: 6\r\n", "hello!"), 400, true, BackendSees.Nothing),
        new("hexadecimal Content-Length", Post("Content-Length: 0x5\r\n", "hello"), 400, true, BackendSees.Nothing),
        new("empty Content-Length", Post("Content-Length: \r\n", string.Empty), 400, true, BackendSees.Nothing),
        new("Content-Length past 64 bits", Post("Content-Length: 99999999999999999999\r\n", "hello"), 400, true, BackendSees.Nothing),
        new("chunked", Post("Transfer-Encoding: chunked\r\n", Chunked), 200, false, BackendSees.Request, "hello"),
        new("chunked in capitals", Post("Transfer-Encoding: CHUNKED\r\n", Chunked), 200, false, BackendSees.Request, "hello"),
        new("chunked after a tab", Post("Transfer-Encoding:\tchunked\r\n", Chunked), 200, false, BackendSees.Request, "hello"),
        new("chunked and Content-Length (TE.CL)", Post("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", Chunked), 200, true, BackendSees.Request, "hello"),
        new("Content-Length and chunked (CL.TE)", Post("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n", Chunked), 200, true, BackendSees.Request, "hello"),
        new("chunked with Content-Length zero", Post("Content-Length: 0\r\nTransfer-Encoding: chunked\r\n", Chunked), 200, true, BackendSees.Request, "hello"),
        new("gzip then chunked", Post("Transfer-Encoding: gzip, chunked\r\n", Chunked), 501, true, BackendSees.Nothing),
        new("chunked twice in one field", Post("Transfer-Encoding: chunked, chunked\r\n", Chunked), 501, true, BackendSees.Nothing),
        new("chunked in two fields", Post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", Chunked), 501, true, BackendSees.Nothing),
        new("gzip alone", Post("Transfer-Encoding: gzip\r\n", Chunked), 400, true, BackendSees.Nothing),
        new("identity", Post("Transfer-Encoding: identity\r\n", "hello"), 400, true, BackendSees.Nothing),
        new("xchunked", Post("Transfer-Encoding: xchunked\r\n", Chunked), 400, true, BackendSees.Nothing),
        new("chunked with a parameter", Post("Transfer-Encoding: chunked;q=1\r\n", Chunked), 400, true, BackendSees.Nothing),
        new("vertical tab before chunked", Post("Transfer-Encoding: \u000bchunked\r\n", Chunked), 400, true, BackendSees.Nothing),
        new("space before the colon of Transfer-Encoding", Post("Transfer-Encoding : chunked\r\n", Chunked), 400, true, BackendSees.Nothing),
        new("chunked in HTTP/1.0", Post("Transfer-Encoding: chunked\r\n", Chunked, "HTTP/1.0"), 400, true, BackendSees.Nothing),
    ];

    /// <summary>The request every case is followed by, on the same connection when it stays open and on a new one.</summary>
    public static string Normal(string path) => $"GET {path} HTTP/1.1\r\n{H}\r\n";

    private const string Chunked = "5\r\nhello\r\n0\r\n\r\n";

    private static string Post(string framing, string body, string version = "HTTP/1.1") =>
        $"POST /upload {version}\r\n{H}{framing}\r\n{body}";

    private static string ManyHeaders(int count)
    {
        var headers = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            headers.Append("X-Header-").Append(i).Append(": value\r\n");
        }

        return headers.ToString();
    }
}
