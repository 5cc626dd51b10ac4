using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Region.Identity.Accounts;
using Region.Identity.Keys;

namespace Region.Identity.Data;

/// The identity service's own database: people, OpenIddict's applications, authorizations and
/// tokens, the token keys, the data-protection keys behind the sign-in cookie and antiforgery, the
/// sign-in trail and the throttle's recent failures.
public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<RegionUser> Users => Set<RegionUser>();
    public DbSet<StoredKey> Keys => Set<StoredKey>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SignInRecord> SignIns => Set<SignInRecord>();
    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.UseOpenIddict();
        b.Entity<RegionUser>(e =>
        {
            e.ToTable("users");
            e.Property(u => u.UserName).HasMaxLength(RegionUser.MaxNameLength);
            e.Property(u => u.DisplayName).HasMaxLength(RegionUser.MaxDisplayNameLength);
            e.Property(u => u.UnitScope).HasMaxLength(RegionUser.MaxNameLength);
            e.HasIndex(u => u.UserName).IsUnique();
        });
        b.Entity<StoredKey>(e =>
        {
            e.ToTable("token_keys");
            e.Property(k => k.Use).HasConversion<string>().HasMaxLength(16);
            e.Property(k => k.KeyId).HasMaxLength(64);
            e.HasIndex(k => k.KeyId).IsUnique();
        });
        b.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        b.Entity<SignInRecord>(e =>
        {
            e.ToTable("sign_ins");
            e.Property(r => r.Account).HasMaxLength(RegionUser.MaxNameLength);
            e.Property(r => r.Outcome).HasMaxLength(16);
            e.Property(r => r.Address).HasMaxLength(SignInRecord.MaxAddressLength);
            // A tenant's attempts newest first (the admin's query), and the retention's delete by age.
            e.HasIndex(r => r.Tenants).HasMethod("gin");
            e.HasIndex(r => r.At);
        });
        b.Entity<SignInFailure>(e =>
        {
            e.ToTable("sign_in_failures");
            e.Property(f => f.NameKey).HasMaxLength(SignInThrottle.KeyLength);
            // A key's failures within the window (the throttle's count), and the delete by age.
            e.HasIndex(f => new { f.NameKey, f.At });
            e.HasIndex(f => f.At);
        });
    }
}
