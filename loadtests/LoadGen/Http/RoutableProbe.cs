using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LoadGen.Native;

namespace LoadGen.Http;

/// <summary>Outcome of waiting for a URL to answer 200.</summary>
/// <param name="Ready">A 200 arrived before the timeout.</param>
/// <param name="Elapsed">Time from the start of waiting to the 200 (or to giving up).</param>
/// <param name="Attempts">Requests sent.</param>
/// <param name="LastStatus">Status of the last answer; 0 when none arrived.</param>
/// <param name="LastRequest">
/// How long the last request took from send to answer: for a ready result, the share of
/// <paramref name="Elapsed"/> spent on the request that got the 200.
/// </param>
internal sealed record ProbeResult(bool Ready, TimeSpan Elapsed, int Attempts, int LastStatus, TimeSpan LastRequest);

/// <summary>
/// Polls one HTTP/1.1 server over a single keep-alive connection with blocking sockets on the
/// calling thread: pre-built GET requests, a minimal response parser, no HttpClient. A poll then
/// costs two system calls and the server's own time, so it can be timed to the microsecond and
/// repeated every few hundred microseconds; a lost connection is opened again on the next poll.
/// </summary>
internal sealed class RoutableProbe : IDisposable
{
    private readonly IPEndPoint server;
    private readonly string pathAndQuery;
    private readonly string authority;
    private readonly TimeSpan requestTimeout;
    private readonly ResponseParser parser = new();
    private readonly byte[] buffer = new byte[16 * 1024];
    private Socket? socket;

    /// <param name="url">Server and path; the host must be an IP address.</param>
    /// <param name="requestTimeout">Limit for connecting and for each response.</param>
    public RoutableProbe(Uri url, TimeSpan requestTimeout)
    {
        server = new IPEndPoint(IPAddress.Parse(url.Host), url.Port);
        pathAndQuery = url.PathAndQuery;
        authority = url.Authority;
        this.requestTimeout = requestTimeout;
    }

    /// <summary>Connections opened so far; stays 1 while the server keeps the connection alive.</summary>
    public int Connections { get; private set; }

    /// <summary>The request bytes for one Host header (the URL's authority when null).</summary>
    public byte[] RequestFor(string? host) => Encoding.ASCII.GetBytes(
        $"GET {pathAndQuery} HTTP/1.1\r\nHost: {host ?? authority}\r\nUser-Agent: loadgen-probe\r\nAccept: */*\r\n\r\n");

    /// <summary>Sends one request and reads its response: the status code, or 0 on any failure.</summary>
    public int Send(byte[] request)
    {
        try
        {
            Socket connection = socket ?? Connect();
            int sent = 0;
            while (sent < request.Length)
            {
                sent += connection.Send(request, sent, request.Length - sent, SocketFlags.None);
            }

            int status = ReadResponse(connection, out bool keepAlive);
            if (!keepAlive)
            {
                Close();
            }

            return status;
        }
        catch (SocketException)
        {
            Close();
            return 0;
        }
    }

    /// <summary>
    /// Sends requests until <paramref name="answers"/> responses of any status arrived or
    /// <paramref name="timeout"/> ran out, so the connection is open and every method of the
    /// polling path has been compiled before anything is timed. Returns the last status, 0 if none.
    /// </summary>
    public int Warm(byte[] request, int answers, TimeSpan timeout)
    {
        long started = Stopwatch.GetTimestamp();
        int answered = 0;
        int status = 0;
        while (answered < answers && Stopwatch.GetElapsedTime(started) < timeout)
        {
            int answer = Send(request);
            if (answer != 0)
            {
                answered++;
                status = answer;
            }
            else
            {
                Thread.Sleep(10);
            }
        }

        return status;
    }

    /// <summary>
    /// Polls until a 200 arrives, <paramref name="gap"/> after each answer, timing from
    /// <paramref name="started"/> (a Stopwatch timestamp, so the caller can include its own publish).
    /// Gives up at <paramref name="timeout"/> or as soon as process <paramref name="watchedPid"/>
    /// (if not 0) no longer exists.
    /// </summary>
    public ProbeResult WaitFor(byte[] request, long started, TimeSpan timeout, TimeSpan gap, int watchedPid = 0)
    {
        long gapNanoseconds = gap.Ticks * (1_000_000_000L / TimeSpan.TicksPerSecond);
        int attempts = 0;
        while (true)
        {
            attempts++;
            long sent = Stopwatch.GetTimestamp();
            int status = Send(request);
            long answered = Stopwatch.GetTimestamp();
            TimeSpan elapsed = Stopwatch.GetElapsedTime(started, answered);
            TimeSpan took = Stopwatch.GetElapsedTime(sent, answered);
            if (status == (int)HttpStatusCode.OK)
            {
                return new ProbeResult(true, elapsed, attempts, status, took);
            }

            // A server process that already exited will not become ready: stop waiting at once.
            if (elapsed >= timeout || (watchedPid > 0 && !Directory.Exists($"/proc/{watchedPid}")))
            {
                return new ProbeResult(false, elapsed, attempts, status, took);
            }

            Libc.SleepNanoseconds(gapNanoseconds);
        }
    }

    public void Dispose() => Close();

    private Socket Connect()
    {
        Socket connection = new(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Non-blocking connect plus a bounded wait: a blocking connect to a host that drops
            // SYNs would hang for minutes. The socket stays in synchronous mode throughout, so
            // later sends and receives are plain system calls on this thread.
            connection.Blocking = false;
            try
            {
                connection.Connect(server);
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                if (!connection.Poll(requestTimeout, SelectMode.SelectWrite))
                {
                    throw new SocketException((int)SocketError.TimedOut);
                }

                // SO_ERROR holds the outcome of the connect (e.g. refused).
                if (connection.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) is int error and not 0)
                {
                    throw new SocketException(error);
                }
            }

            connection.Blocking = true;
            int milliseconds = (int)Math.Clamp(requestTimeout.TotalMilliseconds, 1, int.MaxValue);
            connection.ReceiveTimeout = milliseconds;
            connection.SendTimeout = milliseconds;
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        Connections++;
        socket = connection;
        return connection;
    }

    private int ReadResponse(Socket connection, out bool keepAlive)
    {
        parser.Reset();
        while (true)
        {
            int read = connection.Receive(buffer);
            if (read == 0)
            {
                // Closed by the server: complete only for a body that runs until the close.
                keepAlive = false;
                return parser.DelimitedByClose ? parser.StatusCode : 0;
            }

            int used = parser.Feed(buffer.AsSpan(0, read), out bool complete);
            if (used < 0)
            {
                keepAlive = false;
                return 0;
            }

            if (complete)
            {
                // Bytes beyond the response cannot belong to a request sent one at a time.
                keepAlive = used == read && !parser.ConnectionClose;
                return used == read ? parser.StatusCode : 0;
            }
        }
    }

    private void Close()
    {
        socket?.Dispose();
        socket = null;
    }
}
