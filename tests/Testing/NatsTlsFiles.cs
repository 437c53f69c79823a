using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Router.Testing;

/// <summary>
/// Certificates made at test time for NATS over TLS: a CA, a server certificate for 127.0.0.1 and a client
/// certificate, both signed by it, as PEM text and as files in a temporary directory for <c>nats-server</c>.
/// </summary>
public sealed class NatsTlsFiles : IDisposable
{
    private readonly string _directory;

    private NatsTlsFiles(string directory) => _directory = directory;

    public string CaPem { get; private init; } = "";

    public string ClientCertPem { get; private init; } = "";

    public string ClientKeyPem { get; private init; } = "";

    public string CaPath => Path.Combine(_directory, "ca.pem");

    public string ServerCertPath => Path.Combine(_directory, "server.pem");

    public string ServerKeyPath => Path.Combine(_directory, "server-key.pem");

    public string ClientCertPath => Path.Combine(_directory, "client.pem");

    public string ClientKeyPath => Path.Combine(_directory, "client-key.pem");

    /// <summary>Makes a new CA and the two certificates it signs.</summary>
    public static NatsTlsFiles Create()
    {
        var directory = Directory.CreateTempSubdirectory("nats-tls-").FullName;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test nats CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        var (serverCert, serverKey) = Issue(ca, "CN=127.0.0.1", new Oid("1.3.6.1.5.5.7.3.1"), 1);
        var (clientCert, clientKey) = Issue(ca, "CN=router", new Oid("1.3.6.1.5.5.7.3.2"), 2);
        var files = new NatsTlsFiles(directory)
        {
            CaPem = ca.ExportCertificatePem(),
            ClientCertPem = clientCert,
            ClientKeyPem = clientKey,
        };
        File.WriteAllText(files.CaPath, files.CaPem);
        File.WriteAllText(files.ServerCertPath, serverCert);
        File.WriteAllText(files.ServerKeyPath, serverKey);
        File.WriteAllText(files.ClientCertPath, clientCert);
        File.WriteAllText(files.ClientKeyPath, clientKey);
        return files;
    }

    /// <summary>
    /// nats-server arguments for TLS, requiring a client certificate signed by the CA when asked. They name a
    /// configuration file because the server's TLS handshake deadline (half a second by default) has no command-line
    /// flag: a client's first handshake, JIT compilation included, can take longer on a busy 2-core machine.
    /// </summary>
    public string[] ServerArguments(bool verifyClients)
    {
        var path = Path.Combine(_directory, verifyClients ? "server-verify.conf" : "server.conf");
        var verify = verifyClients ? $"  verify: true\n  ca_file: \"{CaPath}\"\n" : "";
        File.WriteAllText(path, $"tls {{\n  cert_file: \"{ServerCertPath}\"\n  key_file: \"{ServerKeyPath}\"\n{verify}  timeout: 10\n}}\n");
        return ["-c", path];
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (string CertPem, string KeyPem) Issue(X509Certificate2 ca, string subject, Oid usage, byte serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), [serial, 7, 7]);
        return (issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
