using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Data;

/// The base of every service's DbContext: keeps tenants apart with a global filter on every
/// ITenantOwned entity, stamps new rows with the caller's tenant, and holds the outbox table so
/// events are written in the same transaction as the change.
public abstract class ServiceDbContext(DbContextOptions options, CallerContext caller) : DbContext(options), IOutboxDb
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// Read by the query filters at query time (EF parameterises it per context instance).
    protected string? CurrentTenant => caller.Tenant;

    public CallerContext Caller => caller;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutbox();
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (!typeof(ITenantOwned).IsAssignableFrom(entity.ClrType) || entity.IsOwned()) continue;
            modelBuilder.Entity(entity.ClrType).Property(nameof(ITenantOwned.Tenant)).HasMaxLength(64).IsRequired();
            modelBuilder.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType));
        }
    }

    private LambdaExpression TenantFilter(Type type)
    {
        // e => e.Tenant == this.CurrentTenant
        var e = Expression.Parameter(type, "e");
        var tenant = Expression.Property(e, nameof(ITenantOwned.Tenant));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenant));
        return Expression.Lambda(Expression.Equal(tenant, current), e);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && string.IsNullOrEmpty(entry.Entity.Tenant))
                entry.Entity.Tenant = caller.RequiredTenant;
        }
    }
}
