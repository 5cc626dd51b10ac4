using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Region.Identity.Keys;

namespace Region.TestSupport;

/// Access tokens made by the test instead of the provider, to change exactly one thing a service
/// must check: signed with the provider's own signing key (so only the changed claim is wrong), or
/// with a key of our own under the provider's key id (a forgery: only the signature is wrong).
/// With nothing changed the token is as good as the provider's, which the tests check too.
public static class HandMadeToken
{
    public static string Sign(IdentityProvider provider, string[] tenants, string[] roles, string? audience = null, string? issuer = null,
        DateTime? expires = null, bool forged = false, string subject = "hand.made", string name = "Hand Made")
    {
        var key = provider.Services.GetRequiredService<KeyRing>().Signing[0];
        var signingKey = forged ? new RsaSecurityKey(RSA.Create(2048)) { KeyId = key.KeyId } : key;
        var until = expires ?? DateTime.UtcNow.AddMinutes(10);
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["name"] = name, ["role"] = roles };
        if (tenants.Length > 0) claims["tenant"] = tenants;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? provider.Issuer,
            Audience = audience ?? IdentityProvider.Audience,
            IssuedAt = until.AddMinutes(-20),
            NotBefore = until.AddMinutes(-20),
            Expires = until,
            Claims = claims,
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });
    }
}
