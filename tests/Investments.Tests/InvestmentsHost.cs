using Microsoft.EntityFrameworkCore;
using Region.Investments.Data;
using Region.Investments.V1;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Investments.Tests;

/// The investments service in-process on its own real PostgreSQL database and the shared RabbitMQ.
/// Its consumer queue has a name of its own and goes away with the host, so it never takes the
/// org-unit events meant for a running investments service or another test run.
public sealed class InvestmentsHost() : ServiceHost<Program>("investments")
{
    /// A client calling as this tenant (and user).
    public InvestmentsService.InvestmentsServiceClient Client(string tenant, string user = "test.user") => new(Invoker(tenant, user));

    /// A client for a tenant whose replica already holds the RS 2022 units (as the budget service's
    /// events would leave it; the event tests feed it through the broker instead).
    public async Task<InvestmentsService.InvestmentsServiceClient> SeededClientAsync(string tenant, string user = "test.user")
    {
        await using var db = Db(tenant);
        var version = 1;
        foreach (var (code, name, level, parent) in Seed2022.Units)
            db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = code, Name = name, Level = level, ParentCode = parent, Version = version });
        await db.SaveChangesAsync();
        return Client(tenant, user);
    }

    public InvestmentsService.InvestmentsServiceClient AnonymousClient() => new(Invoker());

    /// The service's database seen as one tenant, for checking what was (not) written.
    public InvestmentsDb Db(string tenant) => new InvestmentsDb(DbOptions<InvestmentsDb>()).Serving(new CallerContext { Tenant = tenant });

    /// Rows per table for a tenant, so a test can assert a rejected call wrote nothing.
    public async Task<string> RowCountsAsync(string tenant)
    {
        await using var db = Db(tenant);
        return $"plans={await db.Plans.CountAsync()}, objects={await db.Objects.CountAsync()}, changes={await db.Changes.CountAsync()}";
    }

}
