using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace Region.Identity.Keys;

/// Production keys from a folder (a mounted Kubernetes Secret): `signing-*.pem` and
/// `encryption-*.pem`, RSA private keys in PEM; `dataprotection-*.pem`, a certificate with its
/// private key in one PEM file. Within each kind the name that sorts last is the key in use, so
/// rotating is adding `signing-2027-01.pem` beside `signing-2026-07.pem` and removing the old file
/// once what it protected has expired. A token key's file name is its key id (`kid`).
public static class KeyFolder
{
    public static (IReadOnlyList<SecurityKey> Signing, IReadOnlyList<SecurityKey> Encryption) Load(string path)
    {
        CheckFolder(path);
        return (Read(path, "signing-*.pem"), Read(path, "encryption-*.pem"));
    }

    /// The certificates that encrypt the sign-in cookie's and antiforgery's data-protection keys
    /// where they are kept (the identity database), newest first: the first encrypts new keys, all
    /// of them decrypt. Without one those keys would lie in the database as plain XML, and whoever
    /// reads it could forge a sign-in cookie, so a folder without one is refused.
    public static IReadOnlyList<X509Certificate2> DataProtectionCertificates(string path)
    {
        CheckFolder(path);
        var certificates = Files(path, "dataprotection-*.pem").Select(file =>
        {
            try
            {
                var certificate = X509Certificate2.CreateFromPemFile(file);
                using var privateKey = certificate.GetRSAPrivateKey(); // asked only whether it is there
                return privateKey is null
                    ? throw new InvalidOperationException($"{Path.GetFileName(file)} holds no RSA private key.")
                    : certificate;
            }
            catch (CryptographicException e)
            {
                // Only the file name: the message must never carry key material.
                throw new InvalidOperationException($"{Path.GetFileName(file)} is not a certificate and its private key in PEM.", e);
            }
        }).ToList();
        return certificates.Count > 0 ? certificates : throw new InvalidOperationException(
            $"Identity:Keys:Path '{path}' has no dataprotection-*.pem (a certificate and its private key) to encrypt the sign-in cookie's keys with.");
    }

    private static void CheckFolder(string path)
    {
        if (!Directory.Exists(path))
            throw new InvalidOperationException($"Identity:Keys:Path '{path}' is not a folder.");
    }

    private static IEnumerable<string> Files(string path, string pattern) =>
        Directory.GetFiles(path, pattern).OrderDescending(StringComparer.Ordinal);

    private static List<SecurityKey> Read(string path, string pattern) =>
        Files(path, pattern)
            .Select(file =>
            {
                var rsa = RSA.Create(); // lives as long as the process: the key signs with it
                try
                {
                    rsa.ImportFromPem(File.ReadAllText(file));
                }
                catch (ArgumentException e)
                {
                    // Only the file name: the message must never carry key material.
                    throw new InvalidOperationException($"{Path.GetFileName(file)} is not an RSA private key in PEM.", e);
                }
                return (SecurityKey)new RsaSecurityKey(rsa) { KeyId = Path.GetFileNameWithoutExtension(file) };
            })
            .ToList();
}
