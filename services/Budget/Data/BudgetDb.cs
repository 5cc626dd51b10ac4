using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Region.Budget.Domain;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Requests;

namespace Region.Budget.Data;

public sealed class BudgetDb(DbContextOptions<BudgetDb> options) : ServiceDbContext(options)
{
    public DbSet<OrgUnit> Units => Set<OrgUnit>();
    public DbSet<BudgetFrame> Frames => Set<BudgetFrame>();
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    public DbSet<BudgetYear> Years => Set<BudgetYear>();
    public DbSet<Financing> Financing => Set<Financing>();
    public DbSet<MonthlyOutcome> Outcomes => Set<MonthlyOutcome>();
    public DbSet<OutcomeBatch> OutcomeBatches => Set<OutcomeBatch>();
    public DbSet<Forecast> Forecasts => Set<Forecast>();
    public DbSet<FrameTableImport> FrameTableImports => Set<FrameTableImport>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<OrgUnit>(e =>
        {
            e.ToTable("org_units");
            e.Property(u => u.Code).HasMaxLength(OrgUnit.MaxCodeLength);
            e.Property(u => u.Name).HasMaxLength(OrgUnit.MaxNameLength);
            e.Property(u => u.Level).HasConversion<string>().HasMaxLength(16);
            e.Property(u => u.Version).IsConcurrencyToken();
            e.Ignore(u => u.Owner);
            e.Property(u => u.OwnerName).HasMaxLength(UnitOwner.MaxNameLength);
            e.Property(u => u.OwnerEmail).HasMaxLength(Input.MaxEmailLength);
            e.Property(u => u.DeputyName).HasMaxLength(UnitOwner.MaxNameLength);
            e.Property(u => u.DeputyEmail).HasMaxLength(Input.MaxEmailLength);
            // Codes are stored canonical (Input.Code), so this index makes them unique whatever the
            // case they were sent in; migration CanonicalUnitCodes adds one on upper("Code") as well,
            // which holds even against a writer that forgets to canonicalise.
            e.HasIndex(u => new { u.Tenant, u.Code }).IsUnique();
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<BudgetFrame>(e =>
        {
            e.ToTable("budget_frames");
            e.Property(f => f.Category).HasConversion<string>().HasMaxLength(16);
            e.ComplexProperty(f => f.Opening, c => MapAmounts(c, "opening"));
            e.ComplexProperty(f => f.Adjustments, c => MapAmounts(c, "adjustments"));
            e.Property(f => f.Version).IsConcurrencyToken();
            e.HasIndex(f => new { f.Tenant, f.UnitId, f.Year }).IsUnique();
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(f => f.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(f => f.Entries).WithOne().HasForeignKey(x => x.FrameId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger_entries");
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.ComplexProperty(x => x.Change, c => MapAmounts(c, "change"));
            e.Property(x => x.Reason).HasMaxLength(BudgetFrame.MaxReasonLength);
            e.Property(x => x.CaseNumber).HasMaxLength(BudgetFrame.MaxCaseNumberLength);
            e.Property(x => x.ChangedBy).HasMaxLength(200);
            e.Property(x => x.CounterpartUnitCode).HasMaxLength(OrgUnit.MaxCodeLength);
            e.HasIndex(x => x.TransferId);
        });
        b.Entity<BudgetYear>(e =>
        {
            e.ToTable("budget_years");
            e.HasKey(y => new { y.Tenant, y.Year });
            e.Property(y => y.ClosedBy).HasMaxLength(200);
        });
        b.Entity<Financing>(e =>
        {
            e.ToTable("financing");
            e.ComplexProperty(f => f.Amounts);
            e.Property(f => f.Version).IsConcurrencyToken();
            e.HasIndex(f => new { f.Tenant, f.BodyUnitId, f.Year }).IsUnique();
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(f => f.BodyUnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<MonthlyOutcome>(e =>
        {
            e.ToTable("monthly_outcomes");
            e.Property(o => o.Column).HasConversion<string>().HasMaxLength(24);
            e.Property(o => o.RequestId).HasMaxLength(OutcomeLines.MaxRequestIdLength);
            e.HasIndex(o => new { o.Tenant, o.UnitId, o.Year, o.Month, o.Column }).IsUnique();
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(o => o.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<OutcomeBatch>(e =>
        {
            e.ToTable("outcome_batches");
            e.HasKey(x => new { x.Tenant, x.RequestId });
            e.Property(x => x.RequestId).HasMaxLength(OutcomeLines.MaxRequestIdLength);
            e.Property(x => x.PayloadHash).HasMaxLength(64);
        });
        b.Entity<Forecast>(e =>
        {
            e.ToTable("forecasts");
            // Two recordings at once must not both become version n + 1: reporting keeps one version's
            // figures, and it would not be the one this table keeps.
            e.Property(f => f.Version).IsConcurrencyToken();
            e.Property(f => f.Comment).HasMaxLength(Forecast.MaxCommentLength);
            e.Property(f => f.RecordedBy).HasMaxLength(200);
            e.HasIndex(f => new { f.Tenant, f.UnitId, f.Year }).IsUnique();
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(f => f.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<FrameTableImport>(e =>
        {
            e.ToTable("frame_table_imports");
            e.Property(i => i.Source).HasMaxLength(FrameTableImport.MaxSourceLength);
            e.Property(i => i.ImportedBy).HasMaxLength(200);
            e.Property(i => i.Findings).HasJsonListConversion();
        });
        base.OnModelCreating(b);
    }

    private static void MapAmounts(ComplexPropertyBuilder<FrameAmounts> c, string prefix)
    {
        c.Property(a => a.ExternalRevenue).HasColumnName($"{prefix}_external_revenue");
        c.Property(a => a.InternalRevenue).HasColumnName($"{prefix}_internal_revenue");
        c.Property(a => a.PersonnelCosts).HasColumnName($"{prefix}_personnel_costs");
        c.Property(a => a.Pharmaceuticals).HasColumnName($"{prefix}_pharmaceuticals");
        c.Property(a => a.OtherExternalCosts).HasColumnName($"{prefix}_other_external_costs");
        c.Property(a => a.Depreciation).HasColumnName($"{prefix}_depreciation");
        c.Property(a => a.InternalCosts).HasColumnName($"{prefix}_internal_costs");
    }
}
