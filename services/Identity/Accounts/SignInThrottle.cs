using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Region.Identity.Data;

namespace Region.Identity.Accounts;

/// Failed sign-ins slow password guessing down. After FailuresPerName failures for one user name
/// within Window the sign-in page refuses further attempts for that name before any password is
/// checked, until the window has moved on: the right password does not get through either, so
/// guessing gains nothing (at most five guesses per account per quarter of an hour). Counted by
/// name, not by client address: behind the cluster's ingress every browser has the same address,
/// and one guesser would lock the whole region out.
///
/// Counted in the identity database (table sign_in_failures, one row per failure, deleted once
/// out of the window by the next failure), so every replica sees every failure. A name no account has is counted
/// exactly as an account's, or how soon the page refuses would tell which names are accounts.
/// The row keeps a key of the name, not the name: people type their password into the name field.
/// The key is PBKDF2 with the password hashes' own function and work factor, salted with the
/// region's issuer, so the table gives away no more than the users table beside it; computing it
/// costs every attempt a second hash of that cost (~45 ms of CPU here).
public sealed class SignInThrottle(IdentityDb db, IdentitySettings settings, TimeProvider clock)
{
    public const int FailuresPerName = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public const int KeyLength = 32;

    // PasswordHasher's V3 format: PBKDF2 with HMAC-SHA512, its default iteration count.
    static readonly int Iterations = new PasswordHasherOptions().IterationCount;

    /// The key failures of this typed name are counted under; null for a name no account can have
    /// (blank or too long), which fails unchecked and has nothing to guess.
    public byte[]? Key(string? userName) =>
        UserDirectory.CouldBeAccountName(userName) ? Key(UserDirectory.Normalize(userName!), settings.Issuer) : null;

    public static byte[] Key(string normalizedName, Uri issuer) => Rfc2898DeriveBytes.Pbkdf2(
        Encoding.UTF8.GetBytes(normalizedName), Encoding.UTF8.GetBytes("sign-in throttle " + issuer.AbsoluteUri),
        Iterations, HashAlgorithmName.SHA512, KeyLength);

    /// Whether an attempt under this key is refused unchecked.
    public async Task<bool> IsRefusedAsync(byte[]? key, CancellationToken ct)
    {
        if (key is null) return false;
        var since = clock.GetUtcNow() - Window;
        return await db.SignInFailures.CountAsync(f => f.NameKey == key && f.At > since, ct) >= FailuresPerName;
    }

    /// Counts a failed attempt against the key.
    public async Task FailedAsync(byte[]? key, CancellationToken ct)
    {
        if (key is null) return;
        var now = clock.GetUtcNow();
        db.SignInFailures.Add(new SignInFailure { NameKey = key, At = now });
        await db.SaveChangesAsync(ct);
        // What has left the window goes with each failure: the table holds a quarter of an hour.
        var cutoff = now - Window;
        await db.SignInFailures.Where(f => f.At <= cutoff).ExecuteDeleteAsync(ct);
    }
}

/// One failed sign-in as SignInThrottle counts it: the key of the typed name and when.
public sealed class SignInFailure
{
    public long Id { get; set; }
    public required byte[] NameKey { get; set; }
    public DateTimeOffset At { get; set; }
}
