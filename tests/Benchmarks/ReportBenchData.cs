extern alias reporting;
using Region.Contracts.Budget;
using Region.Contracts.Periods;
using reporting::Region.Reporting.ReadModel;
using Region.ServiceDefaults.OrgUnits;

namespace Region.Benchmarks;

/// A reporting read model of the size of a board's follow-up, written straight into the database:
/// a body with `areas` areas, each with a frame, its January–August outcome and `goalsPerArea`
/// goals (red, yellow, green in turn) with an activity each, in one plan.
public static class ReportBenchData
{
    public const string Body = "BRS";
    public static readonly Period Period = Period.Tertial(2022, 2);

    public static async Task SeedAsync(ReportingBenchHost host, string tenant, int areas, int goalsPerArea)
    {
        await using var db = host.Db(tenant);
        var plan = new PlanRow { PlanId = Guid.NewGuid(), BodyCode = Body, Year = Period.Year, Name = "Benchmark plan", CaseNumber = "B/1/2021", Revision = 1, Version = 1 };
        db.Plans.Add(plan);
        db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = "BRJH", Name = "Benchmark region", Level = "Region", Version = 1 });
        db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = Body, Name = "Benchmark board", Level = "Body", ParentCode = "BRJH", Version = 1 });
        string[] statuses = ["Red", "Yellow", "Green"];
        for (var a = 1; a <= areas; a++)
        {
            var area = BenchData.AreaCode(a);
            db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = area, Name = $"Område {a}", Level = "Area", ParentCode = Body, Version = 1 });
            db.Frames.Add(new FrameRow { UnitCode = area, Year = Period.Year, Category = "Officials", Current = FrameAmounts.Of(BudgetColumn.PersonnelCosts, -12_000_000L * a), Version = 1 });
            db.BudgetOutcomes.Add(new BudgetOutcomeRow { UnitCode = area, Year = Period.Year, Month = 8, Column = nameof(BudgetColumn.PersonnelCosts), Amount = -8_100_000L * a });
            for (var g = 0; g < goalsPerArea; g++)
            {
                var goal = new GoalRow { GoalId = Guid.NewGuid(), PlanId = plan.PlanId, BodyCode = Body, Year = Period.Year, Kind = "Goal", Name = $"Mål {a}.{g}", ResponsibleUnitCode = area, TargetText = "Minst 90 %", Version = 1 };
                db.Goals.Add(goal);
                var status = GoalPeriodRow.For(goal.GoalId, Period);
                (status.Status, status.Basis, status.StatusVersion, status.OutcomeTotal, status.OutcomeVersion) = (statuses[(a + g) % 3], "Computed", 1, 80 + g, 1);
                db.GoalPeriods.Add(status);
                db.Activities.Add(new ActivityRow { ActivityId = Guid.NewGuid(), GoalId = goal.GoalId, PlanId = plan.PlanId, Name = $"Aktivitet {a}.{g}", Status = "Ongoing", EndDate = new DateOnly(2022, 12, 31), Version = 1 });
            }
        }
        await db.SaveChangesAsync();
    }
}
