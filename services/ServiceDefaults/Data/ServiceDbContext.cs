using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Npgsql;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.Inbox;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Data;

/// The base of every service's DbContext: keeps tenants apart with a global filter on every
/// ITenantOwned entity, stamps new rows with the caller's tenant, and holds the outbox table so
/// events are written in the same transaction as the change, and writes the audit trail: every
/// SaveChanges adds one AuditEntry per changed entity, as the caller, in the same transaction.
///
/// Contexts are pooled (AddServiceDatabase): one is handed to a caller with <see cref="Serve"/>,
/// which names whom it works for and clears what the last use left; until then it refuses to work.
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options), IOutboxDb
{
    private CallerContext? _caller;

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    // The entries the last SaveChanges added; still Added only when that save did not succeed.
    private readonly List<AuditEntry> _recorded = [];

    /// Whether a change of this entity goes into the audit trail. Never the outbox and inbox rows
    /// (bookkeeping of delivery, not of the domain); a read model built from events overrides this.
    protected virtual bool IsAudited(EntityEntry entry) => entry.Entity is not (OutboxMessage or InboxMessage);

    /// Read by the query filters at query time (EF parameterises it per context instance).
    protected string? CurrentTenant => Caller.Tenant;

    /// Whom this context works for: its tenant filters every query, its name stamps the audit trail.
    public CallerContext Caller => _caller
        ?? throw new InvalidOperationException($"This {GetType().Name} was not handed to a caller: call Serve first.");

    /// Hands the context to a caller (a request, a consumer, a test): from now on it works for that
    /// caller alone. A pooled context comes back with EF's own state reset (tracked entities,
    /// transaction, connection, savepoint setting); what is ours is reset here.
    public virtual void Serve(CallerContext caller)
    {
        _caller = caller;
        _recorded.Clear();
        OutboxWrittenByCopy = false;
        DeferredRows = null;
    }

    /// RowStatement's rows waiting to be written, while set (DeferStatements): a read-model group
    /// writes many events' rows in one round trip, in few statements (RowStatement.Merged).
    internal List<RowStatement.DeferredRow>? DeferredRows { get; private set; }

    /// From now on RowStatement's rows wait for RunDeferredStatementsAsync instead of being written.
    /// For writes whose counts nobody reads before then, and with no query of what they write in
    /// between: a query would not see them yet.
    public void DeferStatements() => DeferredRows = [];

    public bool DefersStatements => DeferredRows is not null;

    /// Writes the deferred rows, then runs <paramref name="after"/>, in one round trip (in the open
    /// transaction), and stops deferring.
    public async Task RunDeferredStatementsAsync(IEnumerable<NpgsqlBatchCommand> after, CancellationToken ct)
    {
        var statements = RowStatement.Merged(this, DeferredRows ?? []).Concat(after).ToList();
        DeferredRows = null;
        await RowStatement.RunAsync(this, statements, ct);
    }

    /// Set when BulkInsert wrote outbox rows in the open transaction: its commit wakes the dispatcher
    /// (OutboxCommitInterceptor), as a SaveChanges with enqueued events does.
    internal bool OutboxWrittenByCopy { get; set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutbox();
        modelBuilder.AddAuditTrail();
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
        var detecting = PrepareSave();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var detecting = PrepareSave();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    /// Stamps the tenant and records the audit trail, with the changes detected once; returns
    /// whether the tracker detects changes on its own, and keeps it from doing so until the save
    /// ends (the caller restores it). Each listing of the entries (the tenant stamp, the audit
    /// trail, the commit interceptors, EF's own save) detected every property of every tracked
    /// entity anew: six passes per save, now one, or two when a tenant was stamped.
    private bool PrepareSave()
    {
        var detecting = ChangeTracker.AutoDetectChangesEnabled;
        if (detecting) ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            // The tenant is part of some keys: detecting again files a stamped entity under its key.
            if (StampTenant() && detecting) ChangeTracker.DetectChanges();
            RecordAudit();
            return detecting;
        }
        catch
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
            throw;
        }
    }

    private void RecordAudit()
    {
        // Entries of an attempt that did not commit (a failed save, the execution strategy's retry)
        // would describe the changes twice: the tracker still holds them and they are recorded anew.
        foreach (var stale in _recorded)
            if (Entry(stale).State == EntityState.Added) Entry(stale).State = EntityState.Detached;
        _recorded.Clear();
        _recorded.AddRange(AuditRecorder.Entries(this, Caller, IsAudited, DateTimeOffset.UtcNow));
        AuditEntries.AddRange(_recorded);
    }

    /// Gives new rows without a tenant the caller's; returns whether it gave any.
    private bool StampTenant()
    {
        var stamped = false;
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State != EntityState.Added || !string.IsNullOrEmpty(entry.Entity.Tenant)) continue;
            entry.Entity.Tenant = Caller.RequiredTenant;
            stamped = true;
        }
        return stamped;
    }
}
