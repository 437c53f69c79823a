using NATS.Client.Core;

namespace Router.Testing;

/// <summary>
/// A cluster of real <c>nats-server</c> processes on 127.0.0.1, each routing to all the others
/// (<c>--cluster</c>, <c>--routes</c>). A node can be stopped and started again on the same ports.
/// </summary>
public sealed class NatsCluster : IAsyncDisposable
{
    private NatsCluster(IReadOnlyList<NatsServerProcess> nodes) => Nodes = nodes;

    public IReadOnlyList<NatsServerProcess> Nodes { get; }

    /// <summary>Starts <paramref name="size"/> nodes and returns once every node delivers what any other publishes.</summary>
    public static async Task<NatsCluster> StartAsync(int size)
    {
        var clusterPorts = Enumerable.Range(0, size).Select(_ => FreePort.Next()).ToArray();
        var routes = string.Join(',', clusterPorts.Select(p => $"nats://127.0.0.1:{p}"));
        var nodes = clusterPorts
            .Select((port, i) => new NatsServerProcess("--name", $"node{i}", "--cluster_name", "routers", "--cluster", $"nats://127.0.0.1:{port}", "--routes", routes))
            .ToArray();
        var cluster = new NatsCluster(nodes);
        try
        {
            foreach (var node in nodes)
            {
                await node.StartAsync();
            }

            await cluster.WaitUntilMeshedAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until a message published on any running node reaches a subscriber on every other running node.</summary>
    public async Task WaitUntilMeshedAsync()
    {
        var running = Nodes.Where(n => n.IsRunning).ToArray();
        var connections = new List<NatsConnection>();
        try
        {
            foreach (var node in running)
            {
                var connection = new NatsConnection(new NatsOpts { Url = node.Url, Name = "cluster-check" });
                await connection.ConnectAsync();
                connections.Add(connection);
            }

            for (var to = 0; to < connections.Count; to++)
            {
                var subject = $"cluster.check.{to}";
                await using var subscription = await connections[to].SubscribeCoreAsync<byte[]>(subject);
                await connections[to].PingAsync();
                for (var from = 0; from < connections.Count; from++)
                {
                    if (from == to)
                    {
                        continue;
                    }

                    var publisher = connections[from];
                    await Eventually.Until($"node {from} reaches node {to}", async () =>
                    {
                        await publisher.PublishAsync(subject, new byte[] { 1 });
                        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
                        try
                        {
                            await subscription.Msgs.WaitToReadAsync(wait.Token);
                            while (subscription.Msgs.TryRead(out _))
                            {
                            }

                            return true;
                        }
                        catch (OperationCanceledException)
                        {
                            return false;
                        }
                    }, TimeSpan.FromSeconds(20));
                }
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
