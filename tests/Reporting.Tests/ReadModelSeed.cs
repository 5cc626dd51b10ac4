using Region.Contracts.Budget;
using Region.Contracts.Periods;
using Region.Reporting.Data;
using Region.Reporting.ReadModel;
using Region.ServiceDefaults.OrgUnits;

namespace Region.Reporting.Tests;

/// A small RS 2022 read model written straight into the database (as rows from before a rule
/// would be): RJH → RS → RST (an area), a plan, one red goal of RST with an analysis, a frame
/// for RST and its January–August outcome.
public static class ReadModelSeed
{
    public static readonly Period August = Period.Tertial(2022, 2);

    /// Seeds a new tenant; <paramref name="change"/> may rename things or add rows before saving.
    public static async Task<string> SmallBodyAsync(ReportingHost host, Action<ReportingDb, SeededRows>? change = null)
    {
        var tenant = ReportingHost.NewTenant();
        await using var db = host.Db(tenant);
        var rows = new SeededRows(
            new OrgUnitReplica { Tenant = tenant, Code = "RS", Name = "Regionstyrelsen", Level = "Body", ParentCode = "RJH", Version = 1 },
            new OrgUnitReplica { Tenant = tenant, Code = "RST", Name = "Regionstaben", Level = "Area", ParentCode = "RS", Version = 1 },
            new PlanRow { PlanId = Guid.NewGuid(), BodyCode = "RS", Year = 2022, Name = "Verksamhetsplan 2022", CaseNumber = "RS/425/2021", Revision = 1, Version = 1 },
            new GoalRow { GoalId = Guid.NewGuid(), BodyCode = "RS", Year = 2022, Kind = "Goal", Name = "Sjukfrånvaro", ResponsibleUnitCode = "RST", TargetText = "Högst 5,3 %", Version = 1 },
            new ActivityRow { ActivityId = Guid.NewGuid(), Name = "Utbilda chefer", Status = "Ongoing", EndDate = new DateOnly(2022, 6, 30), Version = 1 },
            new FrameRow { UnitCode = "RST", Year = 2022, Category = "Officials", Current = FrameAmounts.Of(BudgetColumn.PersonnelCosts, -120_000_000), Version = 1 },
            new BudgetOutcomeRow { UnitCode = "RST", Year = 2022, Month = 8, Column = nameof(BudgetColumn.PersonnelCosts), Amount = -85_000_000 });
        rows.Activity.GoalId = rows.Goal.GoalId;
        rows.Goal.PlanId = rows.Activity.PlanId = rows.Plan.PlanId;
        var status = GoalPeriodRow.For(rows.Goal.GoalId, August);
        (status.Status, status.Basis, status.Analysis, status.StatusVersion) = ("Red", "Manual", "Rekryteringen har dröjt.", 1);
        (status.OutcomeTotal, status.OutcomeVersion) = (6.1m, 1);
        change?.Invoke(db, rows);
        db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = "RJH", Name = "Region Jämtland Härjedalen", Level = "Region", Version = 1 });
        db.OrgUnits.AddRange(rows.Body, rows.Area);
        db.Plans.Add(rows.Plan);
        db.Goals.Add(rows.Goal);
        db.GoalPeriods.Add(status);
        db.Activities.Add(rows.Activity);
        db.Frames.Add(rows.Frame);
        db.BudgetOutcomes.Add(rows.Outcome);
        await db.SaveChangesAsync();
        return tenant;
    }
}

/// The rows SmallBodyAsync writes, for a test to change before they are saved.
public sealed record SeededRows(
    OrgUnitReplica Body, OrgUnitReplica Area, PlanRow Plan, GoalRow Goal, ActivityRow Activity, FrameRow Frame, BudgetOutcomeRow Outcome);
