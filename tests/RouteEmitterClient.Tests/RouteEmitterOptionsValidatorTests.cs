namespace RouteEmitterClient.Tests;

public sealed class RouteEmitterOptionsValidatorTests
{
    private static RouteEmitterOptions Valid() => new()
    {
        Host = "127.0.0.1",
        Port = 5000,
        Uris = ["app.example.com", "*.example.com", "app.example.com/api/v1"],
    };

    [Fact]
    public void Validate_ValidOptions_NoErrors() => Assert.Empty(RouteEmitterOptionsValidator.Validate(Valid()));

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        var options = Valid();
        options.Host = "";
        options.Port = 70000;
        options.Uris = ["https://app.example.com", "app.example.com:8080", "bad host.com"];
        options.RouteServiceUrl = "http://rs.example.com";
        options.LoadBalancing = "random";
        options.PrivateInstanceIndex = -1;
        options.NatsServers = [new Uri("http://127.0.0.1:4222")];

        var errors = RouteEmitterOptionsValidator.Validate(options);

        Assert.Equal(9, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("host:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("port: must be from 1 to 65535, got 70000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("has a scheme", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("has a port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("white space", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("route_service_url:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("load_balancing:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("private_instance_index:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("nats:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoPortAndNoUri_ReportsBoth()
    {
        var options = Valid();
        options.Port = 0;
        options.Uris = [];

        var errors = RouteEmitterOptionsValidator.Validate(options);

        Assert.Contains(errors, e => e.StartsWith("port: a port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("uris:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TlsPortOnly_IsValid()
    {
        var options = Valid();
        options.Port = 0;
        options.TlsPort = 8443;

        Assert.Empty(RouteEmitterOptionsValidator.Validate(options));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithEveryProblem()
    {
        var options = Valid();
        options.Uris = [];
        options.Host = "";

        var error = Assert.Throws<ArgumentException>(() => new RouteEmitter(options));

        Assert.Contains("uris:", error.Message, StringComparison.Ordinal);
        Assert.Contains("host:", error.Message, StringComparison.Ordinal);
    }
}
