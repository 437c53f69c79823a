// The lower bound a YARP-based router can reach on this machine: Kestrel plus IHttpForwarder and
// nothing else. No route lookup, no header transforms, no logging, no metrics: every request goes
// to one fixed backend prefix through one shared HttpMessageInvoker. The router's own overhead is
// what it costs above this process.
//
// Usage: BareForwarder --port 18083 --backend http://127.0.0.1:18080/
using System.Globalization;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

string? portText = builder.Configuration["port"];
string? backend = builder.Configuration["backend"];
if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port)
    || port is < 1 or > 65535
    || !Uri.TryCreate(backend, UriKind.Absolute, out Uri? backendUri)
    || backendUri.Scheme != Uri.UriSchemeHttp)
{
    Console.Error.WriteLine("usage: BareForwarder --port <1-65535> --backend http://127.0.0.1:<port>/");
    return 2;
}

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port);
});
builder.Services.AddHttpForwarder();

var app = builder.Build();

// Same client settings the router uses toward backends: no proxy, no redirects, no
// decompression, no cookie container, so only forwarding itself is measured.
using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
    ActivityHeadersPropagator = null,
    ConnectTimeout = TimeSpan.FromSeconds(5),
});

var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
string destinationPrefix = backendUri.GetLeftPart(UriPartial.Authority);

// A terminal delegate instead of routing: the bare forwarder performs no lookup at all.
// YARP writes the 502/504 itself on failure, so the returned ForwarderError is not needed here.
app.Run(async context =>
    await forwarder.SendAsync(context, destinationPrefix, invoker, ForwarderRequestConfig.Empty, HttpTransformer.Empty));

Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"bare forwarder pid {Environment.ProcessId} on http://127.0.0.1:{port}/ -> {destinationPrefix} (server GC: {System.Runtime.GCSettings.IsServerGC})"));
await app.RunAsync();
return 0;
