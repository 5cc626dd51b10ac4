using Microsoft.EntityFrameworkCore;
using Region.Budget.Data;
using Region.Budget.V1;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Budget.Tests;

/// The budget service in-process on its own real PostgreSQL database and a real RabbitMQ node.
public class BudgetHost() : ServiceHost<Program>("budget")
{
    /// A client calling as this tenant (and user).
    public BudgetService.BudgetServiceClient Client(string tenant, string user = "test.user") => new(Invoker(tenant, user));

    /// A client for a tenant that already has the RS 2022 units and frame table.
    public async Task<BudgetService.BudgetServiceClient> SeededClientAsync(string tenant)
    {
        var client = Client(tenant);
        await Seed2022.CreateUnitsAsync(client);
        await client.ImportFrameTableAsync(Seed2022.Table());
        return client;
    }

    /// A client that names no tenant.
    public BudgetService.BudgetServiceClient AnonymousClient() => new(Invoker());

    /// The service's database seen as one tenant, for checking what was (not) written.
    public BudgetDb Db(string tenant) => new BudgetDb(DbOptions<BudgetDb>()).Serving(new CallerContext { Tenant = tenant });

    /// Rows per table for a tenant (the audit trail's too), so a test can assert a rejected call wrote nothing. (The outbox is
    /// left out: the dispatcher empties it as it publishes; the event tests cover what gets announced.)
    public async Task<string> RowCountsAsync(string tenant)
    {
        await using var db = Db(tenant);
        return string.Join(", ",
            $"units={await db.Units.CountAsync()}",
            $"frames={await db.Frames.CountAsync()}",
            $"ledger={await db.Ledger.CountAsync()}",
            $"financing={await db.Financing.CountAsync()}",
            $"outcomes={await db.Outcomes.CountAsync()}",
            $"batches={await db.OutcomeBatches.CountAsync()}",
            $"forecasts={await db.Forecasts.CountAsync()}",
            $"imports={await db.FrameTableImports.CountAsync()}",
            $"years={await db.Years.CountAsync()}",
            $"audit={await db.AuditEntries.CountAsync()}");
    }
}
