using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace Region.ServiceDefaults.Hosting;

/// The certificate Kestrel serves when TLS is configured: Tls:CertificatePath (PEM with
/// Tls:KeyPath, or PKCS#12 with Tls:Password). Without it the service speaks plain HTTP, as it does
/// on loopback behind a Dapr sidecar, which carries mTLS between pods (docs/security.md).
public static class TlsCertificate
{
    public static X509Certificate2? Load(IConfiguration configuration)
    {
        var path = configuration["Tls:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path)) return null;
        if (!File.Exists(path)) throw new InvalidOperationException($"Tls:CertificatePath {path} does not exist.");
        var keyPath = configuration["Tls:KeyPath"];
        if (!string.IsNullOrWhiteSpace(keyPath))
        {
            // A certificate from PEM files keeps its key ephemeral, which Kestrel on Linux accepts.
            return X509Certificate2.CreateFromPemFile(path, keyPath);
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, configuration["Tls:Password"]);
    }
}
