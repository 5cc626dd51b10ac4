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
/// out of the window by a later failure), so every replica sees every failure; an attempt is
/// counted from before its password is checked until it succeeds. A name no account has is counted
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

    /// An attempt being checked: counted against its name as a failure unless it succeeds.
    /// FailureId is null for a name no account can have (blank or too long), which fails unchecked
    /// and has nothing to guess.
    public readonly record struct Attempt(long? FailureId);

    /// Counts the attempt before its password is checked, so that attempts sent at once cannot all
    /// pass the limit before any of them has failed; null (and nothing counted) when the name has
    /// FailuresPerName failures and attempts in flight already.
    public async Task<Attempt?> BeginAsync(string? userName, CancellationToken ct)
    {
        if (!UserDirectory.CouldBeAccountName(userName)) return new Attempt(null);
        var key = Key(UserDirectory.Normalize(userName!), settings.Issuer);
        var now = clock.GetUtcNow();
        var failure = new SignInFailure { NameKey = key, At = now };
        db.SignInFailures.Add(failure);
        await db.SaveChangesAsync(ct);
        var since = now - Window;
        if (await db.SignInFailures.CountAsync(f => f.NameKey == key && f.At > since, ct) <= FailuresPerName)
            return new Attempt(failure.Id);
        await ForgetAsync(failure.Id, ct); // a refused attempt guessed nothing
        return null;
    }

    /// The attempt failed: it stays counted. What has left the window goes with it, so the table
    /// holds a quarter of an hour of failures.
    public async Task FailedAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - Window;
        await db.SignInFailures.Where(f => f.At <= cutoff).ExecuteDeleteAsync(ct);
    }

    /// The attempt signed in: it is no failure.
    public async Task SucceededAsync(Attempt attempt, CancellationToken ct)
    {
        if (attempt.FailureId is { } id) await ForgetAsync(id, ct);
    }

    Task ForgetAsync(long failureId, CancellationToken ct) =>
        db.SignInFailures.Where(f => f.Id == failureId).ExecuteDeleteAsync(ct);

    public static byte[] Key(string normalizedName, Uri issuer) => Rfc2898DeriveBytes.Pbkdf2(
        Encoding.UTF8.GetBytes(normalizedName), Encoding.UTF8.GetBytes("sign-in throttle " + issuer.AbsoluteUri),
        Iterations, HashAlgorithmName.SHA512, KeyLength);
}

/// One failed (or still checked) sign-in as SignInThrottle counts it: the key of the typed name and when.
public sealed class SignInFailure
{
    public long Id { get; set; }
    public required byte[] NameKey { get; set; }
    public DateTimeOffset At { get; set; }
}
