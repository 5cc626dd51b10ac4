using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Region.Identity.Data;

namespace Region.Identity.Accounts;

/// The people who may sign in, checked against their password hash.
public sealed class UserDirectory(IdentityDb db)
{
    private static readonly PasswordHasher<RegionUser> Hasher = new();
    private static readonly RegionUser Decoy = new() { UserName = "", DisplayName = "", PasswordHash = "" };
    // Checked when the name is unknown, so a wrong name takes as long as a wrong password.
    private static readonly string DecoyHash = Hasher.HashPassword(Decoy, Guid.NewGuid().ToString());

    /// A sign-in's password check. User: the user, when the name and password match and the user is
    /// not disabled; otherwise null, without saying which of the three it was. Account: the account
    /// the typed name names (disabled or not), else null: whose trail a failed attempt joins.
    public readonly record struct PasswordCheck(RegionUser? User, RegionUser? Account);

    public async Task<PasswordCheck> CheckPasswordAsync(string userName, string password, CancellationToken ct)
    {
        var user = await FindAsync(userName, ct);
        var result = Hasher.VerifyHashedPassword(user ?? Decoy, user?.PasswordHash ?? DecoyHash, password);
        return new(user is { Disabled: false } && result != PasswordVerificationResult.Failed ? user : null, user);
    }

    /// Whether a typed name could be an account's; a longer one is not looked up.
    public static bool CouldBeAccountName(string? typed) =>
        !string.IsNullOrWhiteSpace(typed) && typed.Trim().Length <= RegionUser.MaxNameLength;

    /// PasswordCheck.Account without a password check (an attempt refused unchecked).
    public async Task<RegionUser?> AccountAsync(string? typed, CancellationToken ct) =>
        CouldBeAccountName(typed) ? await FindAsync(typed!, ct) : null;

    /// The user behind a token or a cookie, unless removed or disabled since.
    public async Task<RegionUser?> FindActiveAsync(string? userName, CancellationToken ct) =>
        userName is null ? null : await FindAsync(userName, ct) is { Disabled: false } user ? user : null;

    /// Creates or updates the user; false when they already were exactly so (the password included).
    public async Task<bool> UpsertAsync(UserDefinition wanted, CancellationToken ct)
    {
        var user = await FindAsync(wanted.UserName, ct);
        if (user is null)
        {
            user = new RegionUser { UserName = Normalize(wanted.UserName), DisplayName = wanted.DisplayName, PasswordHash = HashPassword(wanted.Password) };
            db.Users.Add(user);
        }
        // Hash again only for a new password: a fresh salt would otherwise change the row every time.
        else if (!PasswordMatches(user.PasswordHash, wanted.Password))
        {
            user.PasswordHash = HashPassword(wanted.Password);
        }
        user.DisplayName = wanted.DisplayName;
        if (!user.Tenants.SequenceEqual(wanted.Tenants)) user.Tenants = [.. wanted.Tenants];
        if (!user.Roles.SequenceEqual(wanted.Roles)) user.Roles = [.. wanted.Roles];
        user.UnitScope = wanted.UnitScope;
        user.Disabled = wanted.Disabled;
        return await db.SaveChangesAsync(ct) > 0;
    }

    private Task<RegionUser?> FindAsync(string userName, CancellationToken ct)
    {
        var name = Normalize(userName);
        return db.Users.SingleOrDefaultAsync(u => u.UserName == name, ct);
    }

    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();

    public static string HashPassword(string password) => Hasher.HashPassword(Decoy, password);

    public static bool PasswordMatches(string hash, string password) =>
        Hasher.VerifyHashedPassword(Decoy, hash, password) != PasswordVerificationResult.Failed;
}
