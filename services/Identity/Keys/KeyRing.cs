using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Region.Identity.Keys;

/// The keys the server signs and encrypts with, newest first: the first of each kind is the one in
/// use; the older ones stay published in the JWKS (signing) and readable (encryption) until what
/// they protected has expired. Loaded once at start-up, before OpenIddict first reads its options.
public sealed class KeyRing
{
    public IReadOnlyList<SecurityKey> Signing { get; private set; } = [];
    public IReadOnlyList<SecurityKey> Encryption { get; private set; } = [];

    public void Load(IReadOnlyList<SecurityKey> signing, IReadOnlyList<SecurityKey> encryption)
    {
        if (signing.Count == 0 || encryption.Count == 0)
            throw new InvalidOperationException("The identity service needs at least one signing and one encryption key.");
        Signing = signing;
        Encryption = encryption;
    }

    /// OpenIddict signs with its first signing credential, so the order of the ring is kept.
    public void ApplyTo(OpenIddictServerOptions options)
    {
        if (Signing.Count == 0)
            throw new InvalidOperationException("The key ring was read before it was loaded (IdentityApp.BuildAsync loads it).");
        foreach (var key in Signing)
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        foreach (var key in Encryption)
            options.EncryptionCredentials.Add(key is SymmetricSecurityKey
                ? new EncryptingCredentials(key, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512)
                : new EncryptingCredentials(key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }
}
