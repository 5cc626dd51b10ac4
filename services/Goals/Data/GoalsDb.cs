using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Region.Contracts.Goals;
using Region.Goals.Domain;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.OrgUnits;

namespace Region.Goals.Data;

/// Plans with their revisions (a revision's content is one jsonb document: it is read and frozen as a
/// whole), and the follow-up tables, each append-only so the history of every value is kept.
public sealed class GoalsDb(DbContextOptions<GoalsDb> options) : ServiceDbContext(options), IOrgUnitReplicaDb
{
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<PlanRevision> Revisions => Set<PlanRevision>();
    public DbSet<GoalOutcome> Outcomes => Set<GoalOutcome>();
    public DbSet<GoalAssessment> Assessments => Set<GoalAssessment>();
    public DbSet<ActivityStatusChange> ActivityStatuses => Set<ActivityStatusChange>();
    public DbSet<IndicatorOutcome> IndicatorOutcomes => Set<IndicatorOutcome>();
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Converters = { new JsonStringEnumConverter() } };

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Plan>(e =>
        {
            e.ToTable("plans");
            e.Property(p => p.BodyCode).HasMaxLength(40);
            e.Property(p => p.Name).HasMaxLength(Plan.MaxTextLength);
            e.Property(p => p.CaseNumber).HasMaxLength(40);
            e.Property(p => p.DecisionReference).HasMaxLength(Plan.MaxTextLength);
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasIndex(p => new { p.Tenant, p.BodyCode, p.Year }).IsUnique();
            e.HasMany(p => p.Revisions).WithOne().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(p => p.Rule);
            e.Ignore(p => p.Words);
            e.Property(p => p.Vocabulary).HasColumnType("jsonb").HasConversion(
                w => JsonSerializer.Serialize(w, Json),
                s => JsonSerializer.Deserialize<PlanVocabulary>(s, Json));
        });
        b.Entity<PlanRevision>(e =>
        {
            e.ToTable("plan_revisions");
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Note).HasMaxLength(1000);
            e.Property(r => r.CreatedBy).HasMaxLength(200);
            e.Property(r => r.AdoptedBy).HasMaxLength(200);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.Property(r => r.Content).HasColumnType("jsonb").HasConversion(
                c => JsonSerializer.Serialize(c, Json),
                s => JsonSerializer.Deserialize<PlanContent>(s, Json) ?? PlanContent.Empty,
                new ValueComparer<PlanContent>((x, y) => ReferenceEquals(x, y), c => c.GetHashCode(), c => c));
            e.HasIndex(r => new { r.PlanId, r.Number }).IsUnique();
        });
        // The unique (key, version) indexes turn two concurrent recordings of the same version into one
        // success and one conflict, never two "latest" rows.
        b.Entity<GoalOutcome>(e =>
        {
            e.ToTable("goal_outcomes");
            OutcomeColumns(e);
            // The values per scope are read and written with their outcome, never queried apart.
            e.Property(o => o.Scopes).HasColumnType("jsonb").HasConversion(
                s => JsonSerializer.Serialize(s, Json),
                s => JsonSerializer.Deserialize<List<ScopeOutcome>>(s, Json),
                new ValueComparer<IReadOnlyList<ScopeOutcome>?>((x, y) => x == null ? y == null : y != null && x.SequenceEqual(y),
                    s => s == null ? 0 : s.Count, s => s == null ? null : s.ToList()));
            e.HasIndex(o => new { o.Tenant, o.GoalId, o.Year, o.PeriodKind, o.PeriodNumber, o.Version }).IsUnique();
        });
        b.Entity<GoalAssessment>(e =>
        {
            e.ToTable("goal_assessments");
            e.Property(a => a.PeriodKind).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.Analysis).HasMaxLength(GoalAssessment.MaxAnalysisLength);
            e.Property(a => a.AssessedBy).HasMaxLength(200);
            e.HasIndex(a => new { a.Tenant, a.GoalId, a.Year, a.PeriodKind, a.PeriodNumber, a.Version }).IsUnique();
        });
        b.Entity<ActivityStatusChange>(e =>
        {
            e.ToTable("activity_status_changes");
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.Comment).HasMaxLength(1000);
            e.Property(a => a.ChangedBy).HasMaxLength(200);
            e.HasIndex(a => new { a.Tenant, a.ActivityId, a.Version }).IsUnique();
        });
        b.Entity<IndicatorOutcome>(e =>
        {
            e.ToTable("indicator_outcomes");
            OutcomeColumns(e);
            e.HasIndex(o => new { o.Tenant, o.IndicatorId, o.Year, o.PeriodKind, o.PeriodNumber, o.Version }).IsUnique();
        });
        b.AddOrgUnitReplica();
        base.OnModelCreating(b);
    }

    /// The columns goal and indicator outcomes share; each keeps its own table.
    private static void OutcomeColumns<T>(EntityTypeBuilder<T> e) where T : RecordedOutcome
    {
        e.Property(o => o.PeriodKind).HasConversion<string>().HasMaxLength(16);
        e.Property(o => o.Source).HasMaxLength(RecordedOutcome.MaxSourceLength);
        e.Property(o => o.Comment).HasMaxLength(RecordedOutcome.MaxCommentLength);
        e.Property(o => o.RecordedBy).HasMaxLength(200);
    }
}
