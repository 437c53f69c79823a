using System.Security.Cryptography.X509Certificates;
using Router.GrpcTesting;

namespace GrpcLoad;

/// <summary>Serves the test gRPC service over TLS until SIGTERM or Ctrl-C.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(Options options)
    {
        using var pem = X509Certificate2.CreateFromPemFile(options.Text("cert"), options.Text("key"));
        // Exported and loaded again: SslStream on Linux needs a certificate whose key is not ephemeral.
        using var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        await using var backend = await GrpcEchoBackend.StartAsync(certificate, port: options.Integer("port"));
        Console.WriteLine($"serving on 127.0.0.1:{backend.Port}");
        var stop = new TaskCompletionSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        await stop.Task;
        return 0;
    }
}
