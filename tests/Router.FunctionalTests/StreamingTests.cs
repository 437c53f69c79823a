using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

public sealed class StreamingTests(ITestOutputHelper output)
{
    private const int TenMegabytes = 10 * 1024 * 1024;

    [Fact]
    public async Task Post_TenMegabyteUpload_ReachesBackendUnchanged()
    {
        var payload = RandomNumberGenerator.GetBytes(TenMegabytes);
        byte[]? received = null;
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await TestBackend.StartAsync("upload", async context =>
        {
            received = await ReadAllAsync(context.Request.Body);
            await context.Response.WriteAsync(Convert.ToHexString(SHA256.HashData(received)));
        });
        router.Register(backend, "upload.test");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new StreamContent(new MemoryStream(payload)) };
        request.Headers.Host = "upload.test";
        using var response = await router.Client.SendAsync(request);

        Assert.Equal(Convert.ToHexString(SHA256.HashData(payload)), await response.Content.ReadAsStringAsync());
        Assert.Equal(TenMegabytes, received!.Length);
    }

    [Fact]
    public async Task Get_TenMegabyteDownload_ReachesClientUnchanged()
    {
        var payload = RandomNumberGenerator.GetBytes(TenMegabytes);
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await TestBackend.StartAsync("download", async context =>
        {
            // Written in pieces without Content-Length, so the response is streamed chunked.
            for (var offset = 0; offset < payload.Length; offset += 64 * 1024)
            {
                await context.Response.Body.WriteAsync(payload.AsMemory(offset, Math.Min(64 * 1024, payload.Length - offset)));
            }
        });
        router.Register(backend, "download.test");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/file");
        request.Headers.Host = "download.test";
        using var response = await router.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await ReadAllAsync(await response.Content.ReadAsStreamAsync());

        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(body));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
