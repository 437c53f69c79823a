namespace LoadGen.Load;

/// <summary>Settings of one open-loop run.</summary>
/// <param name="Address">Loopback address and port to connect to.</param>
/// <param name="Request">The complete request bytes, sent unchanged for every request.</param>
/// <param name="Connections">Number of keep-alive connections.</param>
/// <param name="RatePerSecond">Requests scheduled per second, spread evenly in time.</param>
/// <param name="Duration">Length of the schedule; the run ends when the last response arrives or times out.</param>
/// <param name="Timeout">A request without a complete response after this long counts as an error.</param>
internal sealed record LoadOptions(
    System.Net.IPEndPoint Address,
    byte[] Request,
    int Connections,
    double RatePerSecond,
    TimeSpan Duration,
    TimeSpan Timeout);
