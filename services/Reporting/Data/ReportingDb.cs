using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Region.Contracts.Events;
using Region.Contracts.Goals;
using Region.Reporting.Domain;
using Region.Reporting.ReadModel;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Inbox;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Data;

/// The reporting read model's database (the rows are in ReadModel/): filled from events only, never
/// from another service's database.
public sealed class ReportingDb(DbContextOptions<ReportingDb> options)
    : ServiceDbContext(options), IOrgUnitReplicaDb, IInboxDb
{
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<FrameRow> Frames => Set<FrameRow>();
    public DbSet<LedgerRow> Ledger => Set<LedgerRow>();
    public DbSet<FinancingRow> Financing => Set<FinancingRow>();
    public DbSet<BudgetOutcomeRow> BudgetOutcomes => Set<BudgetOutcomeRow>();
    public DbSet<ForecastRow> Forecasts => Set<ForecastRow>();
    public DbSet<FrameTableImportRow> FrameTableImports => Set<FrameTableImportRow>();
    public DbSet<CalendarImportRow> CalendarImports => Set<CalendarImportRow>();
    public DbSet<PlanRow> Plans => Set<PlanRow>();
    public DbSet<GoalRow> Goals => Set<GoalRow>();
    public DbSet<GoalPeriodRow> GoalPeriods => Set<GoalPeriodRow>();
    public DbSet<IndicatorOutcomeRow> IndicatorOutcomes => Set<IndicatorOutcomeRow>();
    public DbSet<ActivityRow> Activities => Set<ActivityRow>();
    public DbSet<InvestmentRow> Investments => Set<InvestmentRow>();
    public DbSet<MeetingRow> Meetings => Set<MeetingRow>();
    public DbSet<DeadlineLeadTime> DeadlineLeadTimes => Set<DeadlineLeadTime>();
    public DbSet<ReadModelVersion> ReadModelVersions => Set<ReadModelVersion>();
    public DbSet<RebuildRow> Rebuilds => Set<RebuildRow>();
    public DbSet<RebuildSourceRow> RebuildSources => Set<RebuildSourceRow>();
    public DbSet<RebuildEventRow> RebuildEvents => Set<RebuildEventRow>();

    /// The read model is built from events and rebuilt at will: its rows are not audited (the
    /// sources audit the changes themselves); a rebuild writes one entry of its own (ReadModelRebuild).
    /// The settings callers make here (deadline lead times) are audited like any write.
    protected override bool IsAudited(EntityEntry entry) => entry.Entity is DeadlineLeadTime;

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.AddOrgUnitReplica();
        b.AddInbox();
        b.Entity<ReadModelVersion>(e =>
        {
            e.ToTable("read_model_versions");
            e.HasKey(x => new { x.Tenant, x.Slot });
            e.Property(x => x.Tenant).HasColumnName("tenant");
            e.Property(x => x.Slot).HasColumnName("slot");
            e.Property(x => x.Version).HasColumnName("version");
        });
        b.Entity<RebuildRow>(e =>
        {
            e.ToTable("read_model_rebuilds");
            e.Property(x => x.Tenant).HasMaxLength(CallerContext.MaxTenantLength);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.RequestedBy).HasMaxLength(CallerContext.MaxUserLength);
            e.Property(x => x.Failure).HasMaxLength(2000);
            // One running rebuild per tenant, whichever replica started it.
            e.HasIndex(x => x.Tenant).IsUnique().HasFilter("\"Status\" = 'running'");
            e.HasIndex(x => new { x.Tenant, x.StartedAt });
            e.HasMany(x => x.Sources).WithOne().HasForeignKey(x => x.RebuildId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RebuildSourceRow>(e =>
        {
            e.ToTable("read_model_rebuild_sources");
            e.HasKey(x => new { x.RebuildId, x.Source });
            e.Property(x => x.Source).HasMaxLength(64);
            e.Property(x => x.Error).HasMaxLength(500);
        });
        b.Entity<RebuildEventRow>(e =>
        {
            e.ToTable("read_model_rebuild_events");
            e.HasKey(x => new { x.RebuildId, x.EventId });
            e.Property(x => x.Source).HasMaxLength(64);
        });
        b.Entity<FrameRow>(e =>
        {
            e.ToTable("frames");
            e.ComplexProperty(x => x.Current);
            e.HasIndex(x => new { x.Tenant, x.UnitCode, x.Year }).IsUnique();
        });
        b.Entity<LedgerRow>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasIndex(x => new { x.Tenant, x.EntryId }).IsUnique();
            e.HasIndex(x => new { x.Tenant, x.Year });
        });
        b.Entity<FinancingRow>(e =>
        {
            e.ToTable("financing");
            e.ComplexProperty(x => x.Amounts);
            e.HasIndex(x => new { x.Tenant, x.BodyCode, x.Year }).IsUnique();
        });
        b.Entity<BudgetOutcomeRow>(e =>
        {
            e.ToTable("budget_outcomes");
            e.HasIndex(x => new { x.Tenant, x.UnitCode, x.Year, x.Month, x.Column }).IsUnique();
        });
        b.Entity<ForecastRow>(e =>
        {
            e.ToTable("forecasts");
            e.HasIndex(x => new { x.Tenant, x.UnitCode, x.Year }).IsUnique();
        });
        b.Entity<FrameTableImportRow>(e =>
        {
            e.ToTable("frame_table_imports");
            e.HasIndex(x => new { x.Tenant, x.ImportId }).IsUnique();
            e.Property(x => x.Findings).HasJsonListConversion();
        });
        b.Entity<CalendarImportRow>(e =>
        {
            e.ToTable("calendar_imports");
            e.HasIndex(x => new { x.Tenant, x.BodyCode, x.Year }).IsUnique();
            e.Property(x => x.Findings).HasJsonListConversion();
        });
        b.Entity<PlanRow>(e =>
        {
            e.ToTable("plans");
            e.HasIndex(x => new { x.Tenant, x.PlanId }).IsUnique();
            e.Property(x => x.Vocabulary).HasJsonConversion();
        });
        b.Entity<GoalRow>(e =>
        {
            e.ToTable("goals");
            e.HasIndex(x => new { x.Tenant, x.GoalId }).IsUnique();
            e.HasIndex(x => new { x.Tenant, x.BodyCode, x.Year });
        });
        b.Entity<GoalPeriodRow>(e =>
        {
            e.ToTable("goal_periods");
            e.Property(x => x.PeriodKind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.OutcomeScopes).HasNullableJsonListConversion();
            e.HasIndex(x => new { x.Tenant, x.GoalId, x.Year, x.PeriodKind, x.PeriodNumber }).IsUnique();
        });
        b.Entity<IndicatorOutcomeRow>(e =>
        {
            e.ToTable("indicator_outcomes");
            e.Property(x => x.PeriodKind).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => new { x.Tenant, x.IndicatorId, x.Year, x.PeriodKind, x.PeriodNumber }).IsUnique();
            e.HasIndex(x => new { x.Tenant, x.PlanId });
        });
        b.Entity<ActivityRow>(e =>
        {
            e.ToTable("activities");
            e.HasIndex(x => new { x.Tenant, x.ActivityId }).IsUnique();
        });
        b.Entity<InvestmentRow>(e =>
        {
            e.ToTable("investments");
            e.HasIndex(x => new { x.Tenant, x.ObjectId }).IsUnique();
        });
        b.Entity<MeetingRow>(e =>
        {
            e.ToTable("meetings");
            e.HasIndex(x => new { x.Tenant, x.MeetingId }).IsUnique();
            e.Property(x => x.Items).HasJsonListConversion();
        });
        b.Entity<DeadlineLeadTime>(e =>
        {
            e.ToTable("deadline_lead_times");
            e.Property(x => x.BodyCode).HasMaxLength(40);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.Tenant, x.BodyCode }).IsUnique();
        });
        // The consumers write these rows by statements that compare versions in the database
        // (VersionedUpsert); a tracked change of one (the org-unit replica's consumer writes so) has
        // its version read checked on write, so an older state cannot win a race.
        foreach (var entity in b.Model.GetEntityTypes().Where(t => typeof(IVersioned).IsAssignableFrom(t.ClrType)))
            b.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
        b.Entity<GoalPeriodRow>().Property(x => x.StatusVersion).IsConcurrencyToken();
        b.Entity<GoalPeriodRow>().Property(x => x.OutcomeVersion).IsConcurrencyToken();
        b.Entity<BudgetOutcomeRow>().Property(x => x.RecordedAt).IsConcurrencyToken();
        b.Entity<OrgUnitReplica>().Property(x => x.Version).IsConcurrencyToken();
        base.OnModelCreating(b);
    }

    // Tenants whose rows VersionedUpsert's statements changed since the last save: the change
    // tracker does not see them. A rolled-back attempt may leave one here; its retry then moves the
    // version once more than needed, which only makes reports build again.
    private readonly HashSet<string> _writtenByStatement = [];

    public override void Serve(CallerContext caller)
    {
        base.Serve(caller);
        _writtenByStatement.Clear();
    }

    /// The slot of read_model_versions this context's changes bump (ReadModelVersion).
    internal short VersionSlot { get; } = ReadModelVersion.NextSlot();

    /// Called by VersionedUpsert when a statement changed rows of <paramref name="tenant"/>: the next
    /// save moves its version.
    internal void WrittenByStatement(string tenant) => _writtenByStatement.Add(tenant);

    /// Saves, and moves the read-model version of every tenant whose read model this changes, in
    /// the same transaction (the caller's, or one of its own).
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var tenants = TenantsOfReadModelChanges();
        // A read-model group (ReadModelGroups, in its transaction): its deferred rows and the
        // version's move in one round trip, then the tracked changes.
        if (DefersStatements)
        {
            await RunDeferredStatementsAsync(tenants.Select(t => ReadModelVersion.Bump(this, t)), cancellationToken);
            _writtenByStatement.Clear();
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        if (tenants.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (Database.CurrentTransaction is not null)
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var tenant in tenants) await ReadModelVersion.BumpAsync(this, tenant, cancellationToken);
            _writtenByStatement.Clear();
            return saved;
        }
        var count = await Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
            // Changes stay pending until the commit, so a retried attempt saves them again.
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            foreach (var tenant in tenants) await ReadModelVersion.BumpAsync(this, tenant, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return saved;
        });
        _writtenByStatement.Clear();
        if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
        return count;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        TenantsOfReadModelChanges().Count == 0
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : throw new InvalidOperationException("Changes of the read model are saved with SaveChangesAsync, which moves its version.");

    /// The tenants of the pending changes of read-model rows (not the inbox's or the audit trail's),
    /// tracked or written by statements.
    private List<string> TenantsOfReadModelChanges() => ChangeTracker.Entries()
        .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is not (InboxMessage or AuditEntry or OutboxMessage or ReadModelVersion or RebuildRow or RebuildSourceRow or RebuildEventRow))
        .Select(e => e.Entity is ITenantOwned { Tenant.Length: > 0 } owned ? owned.Tenant : Caller.RequiredTenant)
        .Concat(_writtenByStatement)
        .Distinct()
        .ToList();
}
