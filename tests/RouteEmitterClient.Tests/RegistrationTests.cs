using System.Text.Json;
using RouteMessages;

namespace RouteEmitterClient.Tests;

public sealed class RegistrationTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static RouteEmitterOptions Options() => new()
    {
        Host = "10.0.0.5",
        Port = 8080,
        Uris = ["a.example.com", "b.example.com"],
        Tags = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
    };

    [Fact]
    public void Create_First_StampsNowInNanoseconds()
    {
        var registration = Registration.Create(Options(), previous: null, T0);

        Assert.Equal((T0 - DateTimeOffset.UnixEpoch).Ticks * 100, registration.Message.EndpointUpdatedAtNs);
        Assert.Equal("10.0.0.5:8080", registration.Address);
    }

    [Fact]
    public void Create_SameContentLater_KeepsTheFirstStamp()
    {
        var first = Registration.Create(Options(), null, T0);
        var reordered = Options();
        reordered.Tags = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };

        var second = Registration.Create(reordered, first, T0.AddMinutes(1));

        Assert.Equal(first.Message.EndpointUpdatedAtNs, second.Message.EndpointUpdatedAtNs);
        Assert.True(second.HasSameContent(first));
    }

    [Fact]
    public void Create_ContentChanged_StampsTheNewTime()
    {
        var first = Registration.Create(Options(), null, T0);
        var changed = Options();
        changed.AvailabilityZone = "z2";

        var second = Registration.Create(changed, first, T0.AddMinutes(1));

        Assert.Equal((T0.AddMinutes(1) - DateTimeOffset.UnixEpoch).Ticks * 100, second.Message.EndpointUpdatedAtNs);
        Assert.False(second.HasSameContent(first));
    }

    [Fact]
    public void UnregisterPayloadFor_PortChanged_WithdrawsEveryOldUri()
    {
        var first = Registration.Create(Options(), null, T0);
        var moved = Options();
        moved.Port = 9090;

        var withdrawal = first.UnregisterPayloadFor(Registration.Create(moved, first, T0));

        Assert.NotNull(withdrawal);
        Assert.True(RegistrationMessageParser.TryParse(withdrawal, out var message, out _));
        Assert.Equal(8080, message.Port);
        Assert.Equal(["a.example.com", "b.example.com"], message.Uris);
    }

    [Fact]
    public void UnregisterPayloadFor_UriAddedOnly_WithdrawsNothing()
    {
        var first = Registration.Create(Options(), null, T0);
        var grown = Options();
        grown.Uris.Add("c.example.com");

        Assert.Null(first.UnregisterPayloadFor(Registration.Create(grown, first, T0)));
    }

    [Fact]
    public void Payload_NoIndex_SendsAnEmptyStringIndex()
    {
        using var json = JsonDocument.Parse(Registration.Create(Options(), null, T0).Payload);

        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("private_instance_index").ValueKind);
        Assert.Equal("", json.RootElement.GetProperty("private_instance_index").GetString());
    }
}
