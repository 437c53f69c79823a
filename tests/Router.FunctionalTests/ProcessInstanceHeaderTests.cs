using System.Net;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

/// <summary>
/// <c>X-CF-PROCESS-INSTANCE: &lt;process-guid&gt;[:&lt;index&gt;]</c> sends a request to the instances whose <c>process_id</c>
/// tag names that process (docs/gorouter-compatibility.md §7.2, Gorouter <c>handlers/lookup.go</c>).
/// </summary>
public sealed class ProcessInstanceHeaderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Web = "7d1e1a52-0000-4000-8000-00000000000a";
    private const string Worker = "7d1e1a52-0000-4000-8000-00000000000b";
    private const string AppGuid = "0a1b2c3d-0000-4000-8000-00000000abcd";
    private RouterTestEnvironment _router = null!;
    private TestBackend[] _backends = [];

    public async Task InitializeAsync()
    {
        _router = await RouterTestEnvironment.StartAsync(output: output);

        // p0 and p1: instances 0 and 1 of process Web; p2: instance 0 of process Worker; p3: no process_id tag.
        (string? Process, string Index)[] instances = [(Web, "0"), (Web, "1"), (Worker, "0"), (null, "2")];
        _backends = new TestBackend[instances.Length];
        for (var i = 0; i < instances.Length; i++)
        {
            var name = $"p{i}";
            _backends[i] = await TestBackend.StartAsync(name, context =>
                context.Response.WriteAsync($"{name} {context.Request.Headers["X-CF-PROCESS-INSTANCE"]}"));
            _backends[i].AppGuid = AppGuid;
            _backends[i].InstanceIndex = instances[i].Index;
            var registration = _backends[i].Registration("proc.test");
            if (instances[i].Process is { } process)
            {
                registration.Tags["process_id"] = process;
            }

            _router.RouteTable.Register(registration);
        }
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }

    [Fact]
    public async Task ProcessGuidAlone_EveryInstanceOfThatProcessAndNoOther()
    {
        var servedBy = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await SendAsync(("X-CF-PROCESS-INSTANCE", Web));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();

            // The header reaches the instance as sent, as from Gorouter.
            Assert.EndsWith($" {Web}", body, StringComparison.Ordinal);
            servedBy.Add(body.Split(' ')[0]);
        }

        // A random instance of the two for each request: all 40 on one would happen once in 2^39 runs.
        Assert.Equal(["p0", "p1"], servedBy.Order());
    }

    [Theory]
    [InlineData(Web + ":1", "p1")]
    [InlineData(Web + ":0", "p0")]
    [InlineData(Worker, "p2")]
    [InlineData(Worker + ":0", "p2")]
    public async Task ProcessGuidAndIndex_ThatInstanceOnly(string header, string expected)
    {
        for (var i = 0; i < 4; i++)
        {
            using var response = await SendAsync(("X-CF-PROCESS-INSTANCE", header));
            Assert.Equal(expected, (await response.Content.ReadAsStringAsync()).Split(' ')[0]);
        }
    }

    [Theory]
    [InlineData("7d1e1a52-0000-4000-8000-00000000000c", "Requested instance with process guid ('7d1e1a52-0000-4000-8000-00000000000c') does not exist for route ('proc.test')")]
    [InlineData(Web + ":7", $"Requested instance ('7') with process guid ('{Web}') does not exist for route ('proc.test')")]
    [InlineData(Worker + ":1", $"Requested instance ('1') with process guid ('{Worker}') does not exist for route ('proc.test')")]
    public async Task UnknownProcessOrInstance_400UnknownRoute(string header, string message)
    {
        using var response = await SendAsync(("X-CF-PROCESS-INSTANCE", header));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unknown_route", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")));
        Assert.Equal($"400 Bad Request: {message}\n", await response.Content.ReadAsStringAsync());
        Assert.All(_backends, backend => Assert.Equal(0, backend.RequestCount));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("7D1E1A52-0000-4000-8000-00000000000A")]
    [InlineData(Web + ":")]
    [InlineData(Web + ":x")]
    [InlineData(Web + ":1:2")]
    [InlineData(Web + "0")]
    public async Task Malformed_400InvalidHeader(string header)
    {
        using var response = await SendAsync(("X-CF-PROCESS-INSTANCE", header));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_cf_process_instance_header", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")));
        Assert.Equal("400 Bad Request: Invalid X-CF-Process-Instance Header\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("no-cache, no-store", response.Headers.NonValidated["Cache-Control"].ToString());
        var metrics = await MetricsScrape.FetchAsync(_router.MetricsPort);
        Assert.Equal(1, metrics.Value("rejected_requests"));
    }

    [Fact]
    public async Task WithAppInstanceHeader_AppInstanceDecides()
    {
        using var response = await SendAsync(("X-CF-APP-INSTANCE", $"{AppGuid}:2"), ("X-CF-PROCESS-INSTANCE", Web));

        Assert.Equal("p3", (await response.Content.ReadAsStringAsync()).Split(' ')[0]);
    }

    [Fact]
    public async Task WithUnknownAppInstance_AnsweredInTheProcessHeadersWords()
    {
        using var response = await SendAsync(("X-CF-APP-INSTANCE", $"{AppGuid}:9"), ("X-CF-PROCESS-INSTANCE", Web + ":1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            $"400 Bad Request: Requested instance ('1') with process guid ('{Web}') does not exist for route ('proc.test')\n",
            await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> SendAsync(params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "proc.test";
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return _router.Client.SendAsync(request);
    }
}
