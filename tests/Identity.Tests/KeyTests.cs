using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Region.Identity.Data;
using Region.Identity.Keys;
using Region.TestSupport;

namespace Region.Identity.Tests;

/// Token keys kept in the database: the same for every host on it, rotated, retired in time. Keys
/// from a folder (production): the newest signs, and its certificate keeps the cookie keys encrypted.
public sealed class KeyTests
{
    [Fact]
    public async Task A_second_host_on_the_same_database_publishes_the_same_keys_and_accepts_the_first_hosts_tokens()
    {
        await using var first = await IdentityProvider.StartAsync();
        await using var second = await IdentityProvider.StartAsync(first.Database, new Dictionary<string, string?> { ["Identity:Issuer"] = first.Issuer });

        Assert.Equal(await KeyIdsAsync(first), await KeyIdsAsync(second));
        await OAuth.ValidateAsync(second, await first.TokenAsync("rjh", ["reader"]));
        await OAuth.ValidateAsync(first, await second.TokenAsync("rjh", ["admin"]));
    }

    [Fact]
    public async Task A_key_older_than_RotateAfter_is_replaced_at_start_and_the_old_one_stays_published()
    {
        var rotateFast = new Dictionary<string, string?> { ["Identity:Keys:RotateAfter"] = "00:00:01" };
        await using var before = await IdentityProvider.StartAsync(settings: rotateFast);
        var oldKeys = await KeyIdsAsync(before);
        var oldToken = await before.TokenAsync("rjh", ["reader"]);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        await using var after = await IdentityProvider.StartAsync(before.Database,
            new Dictionary<string, string?>(rotateFast) { ["Identity:Issuer"] = before.Issuer });
        var newKeys = await KeyIdsAsync(after);
        var newToken = new JsonWebToken(await after.TokenAsync("rjh", ["reader"]));

        Assert.Single(oldKeys);
        Assert.Equal(2, newKeys.Length);
        Assert.Contains(oldKeys[0], newKeys);
        Assert.DoesNotContain(newToken.Kid, oldKeys);
        Assert.Contains(newToken.Kid, newKeys);
        await OAuth.ValidateAsync(after, oldToken);
    }

    [Fact]
    public async Task A_replaced_key_retires_once_its_successor_has_outlived_every_token_it_signed()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var db = new IdentityDb(new DbContextOptionsBuilder<IdentityDb>().UseNpgsql(database.ConnectionString).Options);
        await db.Database.MigrateAsync();
        var settings = new IdentitySettings
        {
            Issuer = new Uri("http://127.0.0.1/"), AccessTokenLifetime = TimeSpan.FromHours(1),
            RefreshTokenLifetime = TimeSpan.FromDays(14), RotateKeysAfter = TimeSpan.FromDays(90),
        };
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var (first, _) = await DatabaseKeys.LoadAsync(db, settings, start);
        var (same, _) = await DatabaseKeys.LoadAsync(db, settings, start.AddDays(89));
        var (rotated, _) = await DatabaseKeys.LoadAsync(db, settings, start.AddDays(90));
        var (stillBoth, _) = await DatabaseKeys.LoadAsync(db, settings, start.AddDays(104));
        var (retired, encryption) = await DatabaseKeys.LoadAsync(db, settings, start.AddDays(104.01));

        Assert.Equal(Ids(first), Ids(same));
        Assert.Equal(2, rotated.Count);
        Assert.Equal(Ids(first)[0], Ids(rotated)[1]);
        Assert.Equal(Ids(rotated), Ids(stillBoth));
        Assert.Equal([Ids(rotated)[0]], Ids(retired));
        Assert.Single(encryption);
        Assert.Equal(2, await db.Keys.CountAsync());
    }

    [Fact]
    public async Task A_key_folder_signs_with_its_newest_key_and_publishes_the_older_one()
    {
        using var folder = KeyFolderOnDisk.Create("signing-2026-01", "signing-2026-07", "encryption-2026-07", "dataprotection-2026-07");
        await using var idp = await IdentityProvider.StartAsync(settings: folder.Settings);

        Assert.Equal(["signing-2026-01", "signing-2026-07"], await KeyIdsAsync(idp));
        Assert.Equal("signing-2026-07", new JsonWebToken(await idp.TokenAsync("rjh", ["reader"])).Kid);
    }

    [Fact]
    public async Task With_a_key_folder_the_cookie_keys_lie_encrypted_in_the_database_and_only_its_certificate_reads_them()
    {
        using var folder = KeyFolderOnDisk.Create("signing-2026-07", "encryption-2026-07", "dataprotection-2026-07");
        await using var first = await IdentityProvider.StartAsync(settings: folder.Settings);
        var cookie = Protector(first).Protect("a sign-in");

        await using (var scope = first.Services.CreateAsyncScope())
        {
            var stored = Assert.Single(await scope.ServiceProvider.GetRequiredService<IdentityDb>().DataProtectionKeys.ToListAsync());
            Assert.Contains("EncryptedData", stored.Xml);
            Assert.DoesNotContain("unencrypted", stored.Xml);
        }
        var onSameDatabase = new Dictionary<string, string?>(folder.Settings) { ["Identity:Issuer"] = first.Issuer };
        await using (var second = await IdentityProvider.StartAsync(first.Database, onSameDatabase))
            Assert.Equal("a sign-in", Protector(second).Unprotect(cookie));

        using var otherCertificate = KeyFolderOnDisk.Create("signing-2026-07", "encryption-2026-07", "dataprotection-2026-07");
        await using var stranger = await IdentityProvider.StartAsync(first.Database,
            new Dictionary<string, string?>(otherCertificate.Settings) { ["Identity:Issuer"] = first.Issuer });
        Assert.ThrowsAny<CryptographicException>(() => Protector(stranger).Unprotect(cookie));
    }

    [Fact]
    public async Task A_key_folder_without_a_data_protection_certificate_is_refused_at_start()
    {
        using var folder = KeyFolderOnDisk.Create("signing-2026-07", "encryption-2026-07");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => IdentityProvider.StartAsync(settings: folder.Settings));
        Assert.Contains("dataprotection-*.pem", refused.Message);
    }

    [Fact]
    public async Task A_data_protection_certificate_without_its_private_key_is_refused_naming_only_the_file()
    {
        using var folder = KeyFolderOnDisk.Create("signing-2026-07", "encryption-2026-07", "dataprotection-2026-07");
        var file = System.IO.Path.Combine(folder.Path, "dataprotection-2026-07.pem");
        var certificateOnly = File.ReadAllText(file).Split("-----BEGIN PRIVATE KEY-----")[0];
        File.WriteAllText(file, certificateOnly);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => IdentityProvider.StartAsync(settings: folder.Settings));
        Assert.Equal("dataprotection-2026-07.pem is not a certificate and its private key in PEM.", refused.Message);
    }

    private static IDataProtector Protector(IdentityProvider idp) =>
        idp.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(nameof(KeyTests));

    /// A key folder as the Secret identity-keys mounts it: RSA keys in PEM, a data-protection
    /// certificate with its key in one PEM file; deleted with the test.
    private sealed class KeyFolderOnDisk : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("identity-keys-").FullName;
        public Dictionary<string, string?> Settings => new() { ["Identity:Keys:Path"] = Path };

        public static KeyFolderOnDisk Create(params string[] names)
        {
            var folder = new KeyFolderOnDisk();
            foreach (var name in names)
            {
                using var rsa = RSA.Create(2048);
                var pem = rsa.ExportPkcs8PrivateKeyPem();
                if (name.StartsWith("dataprotection-", StringComparison.Ordinal))
                {
                    var request = new CertificateRequest("CN=region-identity-dataprotection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
                    pem = certificate.ExportCertificatePem() + "\n" + pem;
                }
                File.WriteAllText(System.IO.Path.Combine(folder.Path, name + ".pem"), pem);
            }
            return folder;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private static string[] Ids(IReadOnlyList<Microsoft.IdentityModel.Tokens.SecurityKey> keys) => [.. keys.Select(k => k.KeyId)];

    private static async Task<string[]> KeyIdsAsync(IdentityProvider idp)
    {
        using var http = new HttpClient { BaseAddress = idp.Authority };
        var jwks = JsonDocument.Parse(await http.GetStringAsync(".well-known/jwks")).RootElement;
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).Order(StringComparer.Ordinal)];
    }
}
