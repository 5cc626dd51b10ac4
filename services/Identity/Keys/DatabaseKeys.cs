using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Region.Identity.Data;

namespace Region.Identity.Keys;

/// Keys kept in the service's own database, for runs without a key folder (local, tests): made once,
/// so tokens survive restarts and every replica signs alike, and rotated at start-up once the key in
/// use is older than Identity:Keys:RotateAfter.
public static class DatabaseKeys
{
    // Clock skew the validators allow, on top of the lifetimes.
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    public static async Task<(IReadOnlyList<SecurityKey> Signing, IReadOnlyList<SecurityKey> Encryption)> LoadAsync(
        IdentityDb db, IdentitySettings settings, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Replicas starting together take turns, so only one of them makes the new key.
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7306545226145622091)", ct);
        var stored = await db.Keys.OrderByDescending(k => k.CreatedAt).ToListAsync(ct);

        // Refresh tokens and codes are signed, then encrypted: both kinds must outlive the longest of them.
        var keep = (settings.RefreshTokenLifetime > settings.AccessTokenLifetime ? settings.RefreshTokenLifetime : settings.AccessTokenLifetime) + Skew;
        var signing = Ring(db, stored, KeyUse.Signing, settings.RotateKeysAfter, keep, now);
        var encryption = Ring(db, stored, KeyUse.Encryption, settings.RotateKeysAfter, keep, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (signing.Select(ToSecurityKey).ToList(), encryption.Select(ToSecurityKey).ToList());
    }

    /// The keys of one use, newest first, after adding a new one when due and dropping the retired.
    private static List<StoredKey> Ring(IdentityDb db, List<StoredKey> stored, KeyUse use, TimeSpan rotateAfter, TimeSpan keep, DateTimeOffset now)
    {
        var ring = stored.Where(k => k.Use == use).ToList();
        if (ring.Count == 0 || now - ring[0].CreatedAt >= rotateAfter)
        {
            var key = Generate(use, now);
            db.Keys.Add(key);
            ring.Insert(0, key);
        }
        // A key retires once its successor has been in use longer than anything it protected can live.
        for (var i = 1; i < ring.Count; i++)
        {
            if (now - ring[i - 1].CreatedAt <= keep) continue;
            db.Keys.RemoveRange(ring.Skip(i));
            ring.RemoveRange(i, ring.Count - i);
            break;
        }
        return ring;
    }

    private static StoredKey Generate(KeyUse use, DateTimeOffset now)
    {
        string material;
        if (use == KeyUse.Signing)
        {
            using var rsa = RSA.Create(2048);
            material = Convert.ToBase64String(rsa.ExportPkcs8PrivateKey());
        }
        else
        {
            material = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }
        var prefix = use == KeyUse.Signing ? "sig" : "enc";
        return new StoredKey { Use = use, KeyId = $"{prefix}-{now:yyyyMMddHHmmss}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}", Material = material, CreatedAt = now };
    }

    private static SecurityKey ToSecurityKey(StoredKey key)
    {
        var bytes = Convert.FromBase64String(key.Material);
        if (key.Use == KeyUse.Encryption)
            return new SymmetricSecurityKey(bytes) { KeyId = key.KeyId };
        var rsa = RSA.Create(); // lives as long as the process: the key signs with it
        rsa.ImportPkcs8PrivateKey(bytes, out _);
        return new RsaSecurityKey(rsa) { KeyId = key.KeyId };
    }
}
