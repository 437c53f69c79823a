using System.Diagnostics;
using System.Net;
using LoadGen.Http;
using LoadGen.Nats;

namespace LoadGen.Commands;

/// <summary>What one publish → routable run measures.</summary>
/// <param name="Nats">nats-server to publish on.</param>
/// <param name="BackendHost">Address every new route points at.</param>
/// <param name="BackendPort">Port every new route points at.</param>
/// <param name="Hosts">The new route names, one per sample, none registered yet.</param>
/// <param name="WarmHost">Host polled during warm-up; the first sample's host when null.</param>
/// <param name="Timeout">Limit per sample (and for the warm-up).</param>
/// <param name="PollGap">Pause after each answer before the next poll.</param>
/// <param name="SampleGap">Pause between one sample's 200 and the next publish.</param>
/// <param name="GiveUpAfter">Stop after this many samples in a row never became routable; 0 = never.</param>
internal sealed record RoutableSampling(
    IPEndPoint Nats, string BackendHost, int BackendPort, IReadOnlyList<string> Hosts, string? WarmHost,
    TimeSpan Timeout, TimeSpan PollGap, TimeSpan SampleGap, int GiveUpAfter);

/// <summary>Outcome of a publish → routable run.</summary>
/// <param name="WarmHost">Host the warm-up requests asked for.</param>
/// <param name="WarmStatus">Status of the last warm-up answer; 0 when the router never answered.</param>
/// <param name="Samples">
/// One result per host published, in order: empty when the warm-up failed, fewer than the hosts
/// when the run gave up.
/// </param>
/// <param name="Connections">Connections the probe opened; 1 when the router kept it alive throughout.</param>
internal sealed record RoutableSamples(string WarmHost, int WarmStatus, IReadOnlyList<ProbeResult> Samples, int Connections);

/// <summary>
/// Times "new registration published → route answers 200" on a warm client: the NATS connection
/// is up and the probe's keep-alive connection to the router open, and every method on the timed
/// path has been compiled, before the first timestamp. Each sample then covers writing the PUB
/// to the socket, nats-server's delivery, the router's handling and the polls until the 200.
/// </summary>
internal static class RoutableSampler
{
    private const string RegisterSubject = "router.register";

    // Nobody subscribes here: publishing to it runs the publish code once without registering anything.
    private const string WarmSubject = "loadgen.warmup";

    // A few answered requests: the first opens the connection, the rest run the steady path.
    private const int WarmRequests = 5;

    private static readonly TimeSpan NatsTimeout = TimeSpan.FromSeconds(5);

    public static RoutableSamples Run(Uri url, RoutableSampling settings)
    {
        using NatsPublisher publisher = NatsPublisher.Connect(settings.Nats, NatsTimeout);
        using RegistrationWriter writer = new();
        using RoutableProbe probe = new(url, settings.Timeout);
        byte[][] requests = [.. settings.Hosts.Select(probe.RequestFor)];
        string warmHost = settings.WarmHost ?? settings.Hosts[0];
        int warmStatus = probe.Warm(probe.RequestFor(warmHost), WarmRequests, settings.Timeout);

        // No answer, or the first new route is already routable: nothing could be timed.
        bool warmedOnFirstHost = settings.WarmHost is null;
        if (warmStatus == 0 || (warmedOnFirstHost && warmStatus == (int)HttpStatusCode.OK))
        {
            return new RoutableSamples(warmHost, warmStatus, [], probe.Connections);
        }

        publisher.Publish(WarmSubject, writer.Write(settings.BackendHost, settings.BackendPort, warmHost, "loadgen-warmup", 0, 0));
        publisher.Flush(NatsTimeout);

        List<ProbeResult> samples = new(settings.Hosts.Count);
        int failedInRow = 0;
        for (int i = 0; i < settings.Hosts.Count; i++)
        {
            // A router that keeps ignoring registrations would otherwise cost every remaining timeout.
            if (settings.GiveUpAfter > 0 && failedInRow >= settings.GiveUpAfter)
            {
                break;
            }

            if (i > 0)
            {
                Thread.Sleep(settings.SampleGap);
            }

            string host = settings.Hosts[i];
            ReadOnlySpan<byte> message = writer.Write(settings.BackendHost, settings.BackendPort, host, "loadgen-" + host, 0, 0);
            long started = Stopwatch.GetTimestamp();
            publisher.Publish(RegisterSubject, message);
            publisher.Send();
            ProbeResult sample = probe.WaitFor(requests[i], started, settings.Timeout, settings.PollGap);
            samples.Add(sample);
            failedInRow = sample.Ready ? 0 : failedInRow + 1;
        }

        return new RoutableSamples(warmHost, warmStatus, samples, probe.Connections);
    }
}
