extern alias investments;
using Microsoft.EntityFrameworkCore;
using Region.TestSupport;
using InvestmentsProgram = investments::Program;

namespace Region.Cli.Tests;

/// The budget and investments services in-process, linked by the real broker: the budget import's
/// unit events feed the investments service's replica, then regionctl loads and shows investments.
public sealed class InvestmentsCliHost() : LinkedServiceHost<InvestmentsProgram>("investments")
{
    /// Waits until the investments service's replica holds this many of the tenant's units.
    public async Task WaitForReplicaAsync(string tenant, int units)
    {
        var options = new DbContextOptionsBuilder<investments::Region.Investments.Data.InvestmentsDb>().UseNpgsql(ConnectionString).Options;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = new investments::Region.Investments.Data.InvestmentsDb(options).Serving(new Region.ServiceDefaults.Tenancy.CallerContext { Tenant = tenant });
            if (await db.OrgUnits.CountAsync() >= units) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"The replica did not reach {units} units.");
            await Task.Delay(100);
        }
    }
}
