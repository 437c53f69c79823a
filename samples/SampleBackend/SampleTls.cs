using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace SampleBackend;

/// <summary>
/// HTTPS for the sample, standing in for an app instance's sidecar: the instance identity certificate, and when a
/// client CA is given, a client certificate required and checked against that CA alone.
/// </summary>
internal sealed class SampleTls
{
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2? _clientCa;

    private SampleTls(X509Certificate2 certificate, X509Certificate2? clientCa)
    {
        _certificate = certificate;
        _clientCa = clientCa;
    }

    /// <summary>The settings from PEM files, or null when no certificate was given.</summary>
    public static SampleTls? Load(string? certFile, string? keyFile, string? clientCaFile) =>
        certFile is null || keyFile is null
            ? null
            : new SampleTls(
                X509Certificate2.CreateFromPemFile(certFile, keyFile),
                clientCaFile is null ? null : X509CertificateLoader.LoadCertificateFromFile(clientCaFile));

    public void Apply(ListenOptions listen)
    {
        listen.Protocols = HttpProtocols.Http1;
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = _certificate,
            ClientCertificateMode = _clientCa is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (client, _, _) => _clientCa is not null && IssuedByClientCa(client),
        });
    }

    private bool IssuedByClientCa(X509Certificate2 client)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_clientCa!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(client);
    }
}
