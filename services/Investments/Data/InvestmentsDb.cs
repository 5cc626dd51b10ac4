using Microsoft.EntityFrameworkCore;
using Region.Investments.Domain;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.OrgUnits;

namespace Region.Investments.Data;

public sealed class InvestmentsDb(DbContextOptions<InvestmentsDb> options) : ServiceDbContext(options), IOrgUnitReplicaDb
{
    // The unique indexes a concurrent call can run into; the handlers answer them like their own checks.
    public const string OnePlanPerBodyAndYear = "IX_investment_plans_Tenant_BodyCode_Year";
    public const string OneObjectPerRequestId = "IX_investment_objects_Tenant_RequestId";
    public const string OneUrgentPoolPerPlan = "IX_investment_objects_one_urgent_pool";

    public DbSet<InvestmentPlan> Plans => Set<InvestmentPlan>();
    public DbSet<InvestmentObject> Objects => Set<InvestmentObject>();
    public DbSet<ObjectChange> Changes => Set<ObjectChange>();
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.AddOrgUnitReplica();
        b.Entity<InvestmentPlan>(e =>
        {
            e.ToTable("investment_plans");
            e.Property(p => p.BodyCode).HasMaxLength(40);
            e.Property(p => p.DecisionReference).HasMaxLength(InvestmentPlan.MaxReferenceLength);
            e.Property(p => p.CreatedBy).HasMaxLength(200);
            e.Property(p => p.Version).IsConcurrencyToken();
            // Body codes are stored as Input.Code gives them, so the index also refuses "rs" beside "RS".
            e.HasIndex(p => new { p.Tenant, p.BodyCode, p.Year }).IsUnique().HasDatabaseName(OnePlanPerBodyAndYear);
        });
        b.Entity<InvestmentObject>(e =>
        {
            e.ToTable("investment_objects");
            e.Property(o => o.BodyCode).HasMaxLength(40);
            e.Property(o => o.UnitCode).HasMaxLength(40);
            e.Property(o => o.Name).HasMaxLength(ObjectFields.MaxNameLength);
            e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(o => o.Category).HasConversion<string>().HasMaxLength(24);
            e.Property(o => o.Financing).HasConversion<string>().HasMaxLength(8);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(o => o.DecisionReference).HasMaxLength(InvestmentPlan.MaxReferenceLength);
            e.Property(o => o.ChangedBy).HasMaxLength(200);
            e.Property(o => o.Version).IsConcurrencyToken();
            e.Ignore(o => o.IsDecided);
            e.HasIndex(o => new { o.Tenant, o.UnitCode, o.Year });
            e.HasIndex(o => new { o.PlanId, o.UnitCode });
            e.Property(o => o.RequestId).HasMaxLength(InvestmentObject.MaxRequestIdLength);
            e.Property(o => o.RequestHash).HasMaxLength(64);
            e.HasIndex(o => new { o.Tenant, o.RequestId }).IsUnique().HasFilter("\"RequestId\" IS NOT NULL").HasDatabaseName(OneObjectPerRequestId);
            // One pool for urgent investments per plan.
            e.HasIndex(o => o.PlanId).IsUnique().HasFilter("\"UrgentPool\"").HasDatabaseName(OneUrgentPoolPerPlan);
            e.HasOne<InvestmentPlan>().WithMany().HasForeignKey(o => o.PlanId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(o => o.History).WithOne().HasForeignKey(c => c.ObjectId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ObjectChange>(e =>
        {
            e.ToTable("investment_object_changes");
            e.Property(c => c.What).HasMaxLength(100);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.DecisionReference).HasMaxLength(InvestmentPlan.MaxReferenceLength);
            e.Property(c => c.ChangedBy).HasMaxLength(200);
        });
        base.OnModelCreating(b);
    }
}
