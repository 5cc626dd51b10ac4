using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Region.TestSupport;

namespace Region.Deploy.Tests.Transport;

/// A certificate in configuration (Tls:CertificatePath, Tls:KeyPath) makes both ports speak TLS.
public sealed class KestrelTlsTests(BudgetWithTls host) : IClassFixture<BudgetWithTls>
{
    [Fact]
    public async Task With_a_configured_certificate_gRPC_and_the_probes_are_served_over_TLS_only()
    {
        X509Certificate2? served = null;
        // One handler per client: a gRPC channel wraps its handler in a load balancer that
        // an ordinary HttpClient cannot share.
        SocketsHttpHandler TrustingTheTestCertificate() => new()
        {
            SslOptions =
            {
                // Trust exactly the certificate the test made, and keep it to compare.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    served = certificate is null ? null : new X509Certificate2(certificate);
                    return served?.Thumbprint == host.Certificate.Thumbprint;
                },
            },
        };
        using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{host.GrpcPort}", new GrpcChannelOptions { HttpHandler = TrustingTheTestCertificate() });
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(host.Certificate.Thumbprint, served?.Thumbprint);

        served = null;
        using var https = new HttpClient(TrustingTheTestCertificate());
        Assert.Equal(HttpStatusCode.OK, (await https.GetAsync($"https://127.0.0.1:{host.HttpPort}/healthz")).StatusCode);
        Assert.Equal(host.Certificate.Thumbprint, served?.Thumbprint);

        using var plain = GrpcChannel.ForAddress($"http://127.0.0.1:{host.GrpcPort}");
        await Assert.ThrowsAnyAsync<Exception>(() => new Health.HealthClient(plain).CheckAsync(new HealthCheckRequest()).ResponseAsync);
    }
}

/// The budget service on Kestrel with a self-signed certificate made for the test.
public sealed class BudgetWithTls : ServiceHost<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("region-tls-").FullName;

    public BudgetWithTls() : base("budget")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_folder, "tls.crt"), Certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_folder, "tls.key"), key.ExportPkcs8PrivateKeyPem());
    }

    public X509Certificate2 Certificate { get; }

    public int GrpcPort => new Uri(Address).Port;

    protected override bool OnKestrel => true;

    protected override void Configure(IWebHostBuilder web)
    {
        web.UseSetting("Tls:CertificatePath", Path.Combine(_folder, "tls.crt"));
        web.UseSetting("Tls:KeyPath", Path.Combine(_folder, "tls.key"));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
