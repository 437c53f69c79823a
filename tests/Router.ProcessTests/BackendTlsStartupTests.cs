using System.Text.RegularExpressions;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>Bad backend TLS material stops start-up with exit 1, naming each key.</summary>
public sealed class BackendTlsStartupTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_CaCertNotPemAndKeyOfAnotherCertificate_ExitsOneNamingBothKeys()
    {
        using var certificates = BackendTestCertificates.Create();
        var client = certificates.Client("gorouter");
        var otherKey = TlsYaml.PrivateKeyPem(certificates.Client("other"));
        var yaml = $"""
            bind_address: 127.0.0.1
            port: {FreePort.Next()}
            status:
              host: 127.0.0.1
              port: {FreePort.Next()}
              routes:
                port: {FreePort.Next()}
            nats:
              hosts:
              - hostname: 127.0.0.1
                port: {FreePort.Next()}
            ca_certs:
            - "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"
            backends:
              cert_chain: |
            {Indent(client.ExportCertificatePem())}
              private_key: |
            {Indent(otherKey)}
            """;
        await using var router = await RouterProcess.StartAsync(new() { ConfigYaml = yaml, WaitUntilHealthy = false }, output);

        Assert.Equal(1, await router.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("Error loading config", router.StandardError, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"(?m)^\s+ca_certs\[0\]: \S"), router.StandardError);
        Assert.Matches(new Regex(@"(?m)^\s+backends\.cert_chain: must be a PEM certificate matching backends\.private_key"), router.StandardError);
    }

    private static string Indent(string pem) =>
        string.Join("\n", pem.ReplaceLineEndings("\n").TrimEnd().Split('\n').Select(line => "    " + line));
}
