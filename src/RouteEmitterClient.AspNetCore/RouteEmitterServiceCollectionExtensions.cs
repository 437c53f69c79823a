using Microsoft.Extensions.DependencyInjection;

namespace RouteEmitterClient.AspNetCore;

/// <summary>Registers a backend's routes for the life of an ASP.NET Core application.</summary>
public static class RouteEmitterServiceCollectionExtensions
{
    /// <summary>
    /// Adds a hosted service that, once the server listens, registers the application's routes over NATS with a
    /// <see cref="RouteEmitter"/>, and unregisters them when the application begins to stop (before the server stops
    /// accepting requests). When <see cref="RouteEmitterOptions.Port"/> and <see cref="RouteEmitterOptions.TlsPort"/>
    /// are both 0, the port actually bound is registered (the first <c>http</c> address, else the first <c>https</c>
    /// one as the TLS port), which also works for port 0. An empty <see cref="RouteEmitterOptions.Host"/> becomes the
    /// bound IP address, or this machine's address when bound to all interfaces. The host's logger factory is used
    /// unless <see cref="RouteEmitterOptions.LoggerFactory"/> is set. Invalid options fail the application's start;
    /// an unreachable NATS does not: the service keeps trying in the background and logs each failure.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddRouteEmitter(options =&gt; { options.NatsServers = [new Uri("nats://127.0.0.1:4222")]; options.Uris = ["app.example.com"]; });
    /// </code>
    /// </example>
    public static IServiceCollection AddRouteEmitter(this IServiceCollection services, Action<RouteEmitterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RouteEmitterOptions>().Configure(configure);
        services.AddHostedService<RouteEmitterHostedService>();
        return services;
    }
}
