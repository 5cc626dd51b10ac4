using Microsoft.EntityFrameworkCore;
using Region.Contracts.Periods;
using Region.Reporting.Data;
using Region.Reporting.Domain;
using Region.Reporting.ReadModel;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;

namespace Region.Reporting.Report;

/// Everything a report reads, fetched before any of it is put together. The reads that do not
/// depend on each other go out at once, each chain on a context (a connection) of its own, so a
/// build waits for its longest chain of round trips (five) instead of all fifteen in a row: those
/// were most of a watched report's time after a change (issue 19). Each statement saw its own
/// snapshot before as well (read committed, no transaction): four connections weaken nothing.
public sealed partial class ReportBuilder
{
    internal sealed record GoalReads(List<GoalInPeriod> Goals, List<GoalInPeriod> Previous, List<GoalPeriodRow> Outcomes, List<ActivityRow> Activities);

    internal sealed record PlanReads(List<PlanRow> Plans, List<IndicatorOutcomeRow> Indicators, List<InvestmentRow> Investments);

    internal sealed record BudgetReads(List<FrameRow> Frames, BudgetOutcomeSums Outcomes, List<ForecastRow> Forecasts, List<LedgerRow> Ledger);

    internal sealed record BodyReads(FinancingRow? Financing, List<FrameTableImportRow> FrameTableImports, List<CalendarImportRow> CalendarImports, List<MeetingRow> Meetings);

    /// The budget is null when the tree does not know the body (the build then ends NOT_FOUND).
    internal sealed record ReportReads(OrgUnitReplicaTree Tree, GoalReads Goals, PlanReads Plans, BudgetReads? Budget, BodyReads Body);

    /// <paramref name="bodyCode"/> in its canonical form (Input.Code), which is also the tree's key:
    /// only the budget, which reads the body's subtree, waits for the tree.
    async Task<ReportReads> ReadAsync(string bodyCode, Period period, CancellationToken ct)
    {
        await using var goalsDb = openDb();
        await using var plansDb = openDb();
        await using var bodyDb = openDb();
        var tree = OrgUnitReplicaTree.LoadAsync(db, ct);
        var budget = BudgetAfterTreeAsync(tree, bodyCode, period, ct);
        var goals = GoalsAsync(goalsDb, bodyCode, period, ct);
        var plans = PlansAsync(plansDb, bodyCode, period, ct);
        var body = BodyAsync(bodyDb, bodyCode, period, ct);
        // Every read ends before a failure is thrown: none is left running on a context disposed here.
        await Task.WhenAll(tree, budget, goals, plans, body);
        return new ReportReads(await tree, await goals, await plans, await budget, await body);
    }

    /// The goals of the period and of the period before, every outcome the period's goals have up
    /// to its year (for the series), and the activities of the period's goals: the goals and their
    /// period rows are read once when both periods are of the same year, else once per year.
    static async Task<GoalReads> GoalsAsync(ReportingDb db, string bodyCode, Period period, CancellationToken ct)
    {
        var (goals, rows) = await GoalRowsAsync(db, bodyCode, period.Year, ct);
        var previousPeriod = period.Previous();
        var (previousGoals, previousRows) = previousPeriod.Year == period.Year ? (goals, rows) : await GoalRowsAsync(db, bodyCode, previousPeriod.Year, ct);
        var goalIds = goals.Select(g => g.GoalId).ToList();
        var activities = await db.Activities.AsNoTracking()
            .Where(a => goalIds.Contains(a.GoalId) && !a.Removed && a.Status != "Cancelled").ToListAsync(ct);
        return new GoalReads(InPeriod(goals, rows, period), InPeriod(previousGoals, previousRows, previousPeriod),
            rows.Where(r => r.OutcomeTotal != null).ToList(), activities);
    }

    /// A year's goals of the body (not removed) and their period rows of that year and the years before.
    static async Task<(List<GoalRow> Goals, List<GoalPeriodRow> Rows)> GoalRowsAsync(ReportingDb db, string bodyCode, int year, CancellationToken ct)
    {
        var goals = await db.Goals.AsNoTracking().Where(g => g.BodyCode == bodyCode && g.Year == year && !g.Removed).ToListAsync(ct);
        var ids = goals.Select(g => g.GoalId).ToList();
        var rows = await db.GoalPeriods.AsNoTracking().Where(p => ids.Contains(p.GoalId) && p.Year <= year).ToListAsync(ct);
        return (goals, rows);
    }

    /// The body's plans of the year (the latest revision names the report, all of them hold its
    /// indicators), their indicators' outcomes up to the year, and the body's investments of the year.
    static async Task<PlanReads> PlansAsync(ReportingDb db, string bodyCode, Period period, CancellationToken ct)
    {
        var plans = await db.Plans.AsNoTracking().Where(p => p.BodyCode == bodyCode && p.Year == period.Year).ToListAsync(ct);
        var planIds = plans.Select(p => p.PlanId).ToList();
        var indicators = await db.IndicatorOutcomes.AsNoTracking().Where(i => planIds.Contains(i.PlanId) && i.Total != null && i.Year <= period.Year).ToListAsync(ct);
        var investments = await db.Investments.AsNoTracking().Where(i => i.BodyCode == bodyCode && i.Year == period.Year).ToListAsync(ct);
        return new PlanReads(plans, indicators, investments);
    }

    /// The frames, outcomes (summed in the database: twelve months per unit and column are many
    /// lines), forecasts and ledger of the body's subtree in the period's year.
    async Task<BudgetReads?> BudgetAfterTreeAsync(Task<OrgUnitReplicaTree> treeRead, string bodyCode, Period period, CancellationToken ct)
    {
        var tree = await treeRead;
        if (tree.Find(bodyCode) is null) return null;
        var subtree = tree.SubtreeCodes(bodyCode).ToList();
        var codes = subtree.Select(Input.Code).ToList();
        var frames = await db.Frames.AsNoTracking().Where(f => f.Year == period.Year && codes.Contains(f.UnitCode)).ToListAsync(ct);
        var outcomes = await BudgetOutcomeSums.LoadAsync(db, codes, period.Year, period.ThroughMonth, ct);
        var forecasts = await db.Forecasts.AsNoTracking().Where(f => f.Year == period.Year && codes.Contains(f.UnitCode)).ToListAsync(ct);
        var ledger = await db.Ledger.AsNoTracking().Where(l => l.Year == period.Year && subtree.Contains(l.UnitCode)).ToListAsync(ct);
        return new BudgetReads(frames, outcomes, forecasts, ledger);
    }

    /// What is kept per body rather than per unit: its financing and imports of the year, and its
    /// meetings of the year and the next (where the period's report may be presented).
    static async Task<BodyReads> BodyAsync(ReportingDb db, string bodyCode, Period period, CancellationToken ct)
    {
        var financing = await db.Financing.AsNoTracking().SingleOrDefaultAsync(f => f.BodyCode == bodyCode && f.Year == period.Year, ct);
        var frameTableImports = await db.FrameTableImports.AsNoTracking().Where(i => i.BodyCode == bodyCode && i.Year == period.Year)
            .OrderBy(i => i.ImportedAt).ToListAsync(ct);
        var calendarImports = await db.CalendarImports.AsNoTracking().Where(i => i.BodyCode == bodyCode && i.Year == period.Year)
            .OrderBy(i => i.ImportedAt).ToListAsync(ct);
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => m.BodyCode == bodyCode && m.Year >= period.Year && m.Year <= period.Year + 1 && !m.Cancelled).ToListAsync(ct);
        return new BodyReads(financing, frameTableImports, calendarImports, meetings);
    }
}
