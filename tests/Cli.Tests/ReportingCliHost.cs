extern alias reporting;
using System.Text.Json;
using Region.Contracts.Periods;
using reporting::Region.Reporting.Data;
using reporting::Region.Reporting.ReadModel;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;
using ReportingProgram = reporting::Program;

namespace Region.Cli.Tests;

/// The reporting service in-process, its read model holding a small RS 2022 plan: four goals
/// with tertial 2 statuses (one red with an analysis).
public sealed class ReportingCliHost() : ServiceHost<ReportingProgram>("reporting")
{
    public string Tenant { get; } = "t" + Guid.NewGuid().ToString("N")[..12];

    /// No broker: the read model is seeded directly, and no queue is left behind on the shared one.
    protected override Uri RabbitMqUri => new("rabbitmq://127.0.0.1:9/");

    /// The read model seen as a tenant of the test's own.
    public ReportingDb Db(string tenant) => new ReportingDb(DbOptions<ReportingDb>()).Serving(new CallerContext { Tenant = tenant });

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = new ReportingDb(DbOptions<ReportingDb>()).Serving(new CallerContext { Tenant = Tenant });
        db.OrgUnits.Add(new OrgUnitReplica { Tenant = Tenant, Code = "RS", Name = "Regionstyrelsen", Level = "Body", Version = 1 });
        var statuses = new[] { "Green", "Green", "Yellow", "Red" };
        for (var i = 0; i < statuses.Length; i++)
        {
            var goalId = Guid.NewGuid();
            db.Goals.Add(new GoalRow { GoalId = goalId, BodyCode = "RS", Year = 2022, Kind = "Goal", Name = $"Mål {i + 1}", Version = 1 });
            db.GoalPeriods.Add(new GoalPeriodRow
            {
                GoalId = goalId, Year = 2022, PeriodKind = PeriodKind.Tertial, PeriodNumber = 2,
                Status = statuses[i], Basis = "Manual", Analysis = statuses[i] == "Red" ? "Rekryteringen har dröjt." : null, StatusVersion = 1,
            });
        }
        await db.SaveChangesAsync();
    }
}
