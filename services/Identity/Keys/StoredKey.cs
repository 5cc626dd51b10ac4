namespace Region.Identity.Keys;

public enum KeyUse
{
    /// Signs the JWTs (RSA); published in the JWKS.
    Signing,
    /// Encrypts what only this service reads back: device and authorization codes, refresh tokens (AES).
    Encryption,
}

/// A token key generated and kept in the database when no key folder is configured (local, tests).
public sealed class StoredKey
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public KeyUse Use { get; set; }
    public required string KeyId { get; set; }
    /// PKCS#8 for RSA, raw bytes for AES, base64.
    public required string Material { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
