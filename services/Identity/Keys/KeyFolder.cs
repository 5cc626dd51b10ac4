using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Region.Identity.Keys;

/// Production keys from a folder (a mounted Kubernetes Secret): `signing-*.pem` and
/// `encryption-*.pem`, RSA private keys in PEM. Within each kind the name that sorts last is the key
/// in use, so rotating is adding `signing-2027-01.pem` beside `signing-2026-07.pem` and removing the
/// old file once the tokens it signed have expired. The file name is the key id (`kid`).
public static class KeyFolder
{
    public static (IReadOnlyList<SecurityKey> Signing, IReadOnlyList<SecurityKey> Encryption) Load(string path)
    {
        if (!Directory.Exists(path))
            throw new InvalidOperationException($"Identity:Keys:Path '{path}' is not a folder.");
        return (Read(path, "signing-*.pem"), Read(path, "encryption-*.pem"));
    }

    private static List<SecurityKey> Read(string path, string pattern) =>
        Directory.GetFiles(path, pattern)
            .OrderDescending(StringComparer.Ordinal)
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
