using Router.Testing;

namespace Router.FunctionalTests.HostileInput;

/// <summary>
/// The hostile-input corpus sent over raw sockets to the real router: for each request the status, whether the
/// connection is closed, what the backend saw, and that a normal request still gets 200 afterwards.
/// </summary>
public sealed class HostileRequestCorpusTests(HostileRequestFixture fixture) : IClassFixture<HostileRequestFixture>
{
    [Theory]
    [MemberData(nameof(HostileRequestCorpus.RequestLines), MemberType = typeof(HostileRequestCorpus))]
    public Task Send_HostileRequestLine_AnsweredAsDocumented(HostileRequest request) => AssertAnswerAsync(request);

    [Theory]
    [MemberData(nameof(HostileRequestCorpus.HeaderSyntax), MemberType = typeof(HostileRequestCorpus))]
    public Task Send_HostileHeaderSyntax_AnsweredAsDocumented(HostileRequest request) => AssertAnswerAsync(request);

    [Theory]
    [MemberData(nameof(HostileRequestCorpus.Framing), MemberType = typeof(HostileRequestCorpus))]
    public Task Send_HostileFraming_AnsweredAsDocumented(HostileRequest request) => AssertAnswerAsync(request);

    private async Task AssertAnswerAsync(HostileRequest request)
    {
        var port = fixture.Router.ProxyPort;
        var backend = fixture.Backend;
        var before = backend.RequestCount;
        var expected = before;

        await using (var connection = await RawConnection.OpenAsync(port))
        {
            await connection.SendAsync(request.Raw);
            var answer = await connection.ReadResponseAsync();
            Assert.Equal(request.Status, answer?.Status);
            if (request.Backend == BackendSees.Request)
            {
                expected++;
                if (request.BodySeen is not null)
                {
                    Assert.Equal(request.BodySeen, answer!.Body);
                }
            }

            if (request.Closes)
            {
                // No answer means the connection already ended (Kestrel may send an HTTP/2 GOAWAY frame first).
                Assert.True(answer is null || await connection.IsClosedByServerAsync(), "the router kept the connection open");
            }
            else
            {
                await connection.SendAsync(HostileRequestCorpus.Normal("/same-connection"));
                var next = await connection.ReadResponseAsync();
                Assert.Equal(200, next?.Status);
                expected++;
            }
        }

        await using (var fresh = await RawConnection.OpenAsync(port))
        {
            await fresh.SendAsync(HostileRequestCorpus.Normal("/afterwards"));
            var next = await fresh.ReadResponseAsync();
            Assert.Equal(200, next?.Status);
            expected++;
        }

        Assert.Equal(expected, backend.RequestCount);
    }
}
