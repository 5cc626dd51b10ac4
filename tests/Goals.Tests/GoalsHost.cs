using Microsoft.EntityFrameworkCore;
using Region.Goals.Data;
using Region.Goals.V1;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Goals.Tests;

/// The goals service in-process on its own real PostgreSQL database and a real RabbitMQ node.
public class GoalsHost() : ServiceHost<Program>("goals")
{
    /// A client calling as this tenant (and user).
    public GoalsService.GoalsServiceClient Client(string tenant, string user = "test.user") => new(Invoker(tenant, user));

    /// Puts org units into the service's replica, as the budget service's events would.
    public async Task AddUnitsAsync(string tenant, params string[] codes)
    {
        await using var db = Db(tenant);
        foreach (var code in codes)
            db.OrgUnits.Add(new Region.ServiceDefaults.OrgUnits.OrgUnitReplica { Code = code, Name = code, Level = code == "RS" ? "Body" : "Area", ParentCode = code == "RS" ? null : "RS", Version = 1 });
        await db.SaveChangesAsync();
    }

    /// A new tenant whose units are known and who has imported the adopted sample plan (RS 2022).
    public async Task<(string Tenant, GoalsService.GoalsServiceClient Client)> TenantWithSamplePlanAsync()
    {
        var tenant = Rpc.NewTenant();
        await AddUnitsAsync(tenant, "RS", "RST");
        var client = Client(tenant);
        await client.ImportPlanAsync(Grpc.SamplePlan.Request());
        return (tenant, client);
    }

    /// A client that names no tenant.
    public GoalsService.GoalsServiceClient AnonymousClient() => new(Invoker());

    /// The service's database seen as one tenant, for checking what was (not) written.
    public GoalsDb Db(string tenant) => new GoalsDb(DbOptions<GoalsDb>()).Serving(new CallerContext { Tenant = tenant });

    /// Rows per table for a tenant, so a test can assert a rejected call wrote nothing. (The outbox is
    /// left out: the dispatcher empties it as it publishes; the event tests cover what gets announced.)
    public async Task<string> RowCountsAsync(string tenant)
    {
        await using var db = Db(tenant);
        return string.Join(", ",
            $"plans={await db.Plans.CountAsync()}",
            $"revisions={await db.Revisions.CountAsync()}",
            $"outcomes={await db.Outcomes.CountAsync()}",
            $"assessments={await db.Assessments.CountAsync()}",
            $"activity_statuses={await db.ActivityStatuses.CountAsync()}",
            $"indicator_outcomes={await db.IndicatorOutcomes.CountAsync()}",
            $"draft_edits={string.Join("/", await db.Revisions.Select(r => r.Version).ToListAsync())}");
    }
}
