namespace Region.Identity.Accounts;

/// A person who signs in (device flow, authorization code): the tenants they act for, their roles
/// and, for planners and finance officers, the unit whose subtree they are limited to.
public sealed class RegionUser
{
    public const int MaxNameLength = 64;
    public const int MaxDisplayNameLength = 200;
    /// Longer than any passphrase a person types; a longer one is refused unhashed.
    public const int MaxPasswordLength = 1024;

    public Guid Id { get; set; } = Guid.NewGuid();
    /// The sign-in name; also the token's `sub`, so audit rows name the person readably.
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    /// ASP.NET Core's PasswordHasher format (PBKDF2, salted); never the password.
    public required string PasswordHash { get; set; }
    public List<string> Tenants { get; set; } = [];
    public List<string> Roles { get; set; } = [];
    public string? UnitScope { get; set; }
    public bool Disabled { get; set; }
}
