using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Periods;
using Region.Reporting.Data;
using Region.Reporting.Domain;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// Builds the follow-up report of a body and period from the read model: goal statuses and their
/// change, goals not achieved, activities, the budget with roll-up, investments, and the
/// combination no source service has: each area's goals beside its budget deviation. The money
/// is in ReportBuilder.Money.cs, the reads in ReportBuilder.Reads.cs: <paramref name="openDb"/>
/// opens another context on the tenant of <paramref name="db"/> for the reads that go out beside its own.
public sealed partial class ReportBuilder(ReportingDb db, Func<ReportingDb> openDb)
{
    public const string Green = "Green", Yellow = "Yellow", Red = "Red", NotMeasurable = "NotMeasurable";

    /// The kinds of figure Report.invented_data names.
    public const string InventedGoalOutcomes = "GoalOutcomes", InventedBudgetOutcomes = "BudgetOutcomes",
        InventedBudgetForecasts = "BudgetForecasts", InventedInvestmentFigures = "InvestmentFigures";

    /// The service's own meter (ServiceDefaults collects the meter named after the service).
    static readonly Meter Meter = new("reporting");
    static readonly Histogram<double> BuildTime = Meter.CreateHistogram<double>(
        "region.report.build_time", unit: "ms", description: "Time to build a follow-up report from the read model.");

    /// A builder on the scope's context (its caller's tenant); the contexts it opens beside it are
    /// served to the same caller and disposed by the builder.
    public static ReportBuilder InScope(IServiceProvider scope) =>
        new(scope.GetRequiredService<ReportingDb>(), () => DatabaseExtensions.ServedContext<ReportingDb>(scope));

    /// A report and the rows it was built from (never changed once read, so another build may share them).
    internal sealed record Built(Api.Report Report, ReportReads Reads);

    /// The report of a body the org-unit replica knows (NOT_FOUND otherwise), its code in any case.
    public async Task<Api.Report> BuildAsync(string bodyCode, Period period, CancellationToken ct) =>
        (await BuildAsync(bodyCode, period, outsideGoals: null, ct)).Report;

    /// The same, reading only the goal rows (goals, their periods, activities) when
    /// <paramref name="outsideGoals"/> gives the rest, read for the same body and period by an
    /// earlier build: what a watched report needs after a goal's outcome or status changed.
    internal async Task<Built> BuildAsync(string bodyCode, Period period, ReportReads? outsideGoals, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var built = await BuildReportAsync(bodyCode, period, outsideGoals, ct);
        BuildTime.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("period_kind", period.Kind.ToString()));
        return built;
    }

    async Task<Built> BuildReportAsync(string requestedCode, Period period, ReportReads? outsideGoals, CancellationToken ct)
    {
        // The read model stores codes as Input.Code gives them: every query compares that form.
        var bodyCode = Input.Code(requestedCode);
        var reads = outsideGoals is null ? await ReadAsync(bodyCode, period, ct)
            : outsideGoals with { Goals = await GoalsAsync(db, bodyCode, period, ct) };
        var tree = reads.Tree;
        var body = tree.Find(bodyCode) ?? throw UnknownUnit.Error(requestedCode, tree.Codes);
        var plan = reads.Plans.Plans.OrderByDescending(p => p.Revision).FirstOrDefault();
        var report = new Api.Report
        {
            BodyCode = bodyCode,
            BodyName = body.Name,
            Period = period.ToString(),
            PeriodParts = period.ToProto(),
            PeriodLabel = period.Label(),
            PlanName = plan?.Name ?? "",
            PlanCaseNumber = plan?.CaseNumber ?? "",
            PreviousPeriod = period.Previous().ToString(),
            Vocabulary = ReportVocabulary.ToProto(plan?.Vocabulary),
        };

        var (goals, previous, outcomes, activities) = reads.Goals;
        report.Goals = Count(goals.Where(g => g.Goal.Kind != "Assignment"));
        report.Assignments = Count(goals.Where(g => g.Goal.Kind == "Assignment"));
        report.PreviousGoals = Count(previous.Where(g => g.Goal.Kind != "Assignment"));
        report.PreviousAssignments = Count(previous.Where(g => g.Goal.Kind == "Assignment"));
        report.GoalsNotAchieved.AddRange(goals.Where(g => g.Status is Red or Yellow)
            .OrderBy(g => g.Status == Red ? 0 : 1).ThenBy(g => g.Goal.Name, StringComparer.Ordinal).Select(Line));
        report.FinancialGoals.AddRange(goals.Where(g => g.Goal.IsFinancialGoal).Select(Line));
        report.StatusChanges.AddRange(StatusChanges(goals, previous));

        AddSeries(report, goals, outcomes, period);
        AddIndicators(report, reads.Plans.Indicators, period);
        AddActivities(report, goals, activities, period);
        var budget = AddBudget(report, tree, bodyCode, period, reads.Budget!, reads.Body);
        var inventedInvestments = AddInvestments(report, reads.Plans.Investments);
        AddCalendarFindings(report, reads.Body.CalendarImports);
        AddAreas(report, tree, goals, budget.Figures);
        AddPresentations(report, reads.Body.Meetings, period);
        report.InventedData.AddRange(InventedData(goals.Concat(previous), budget, inventedInvestments));
        AddAssignments(report, goals);
        AddScopedGoals(report, goals);
        report.Summary.AddRange(ReportText.Summary(report, period));
        if (IsEmpty(report)) report.YearsWithData.AddRange(await YearsWithDataAsync(tree, bodyCode, ct));
        return new Built(report, reads);
    }

    internal sealed record GoalInPeriod(GoalRow Goal, GoalPeriodRow? Period)
    {
        /// No status recorded for the period means no outcome to judge: not measurable.
        public string Status => Period?.Status ?? NotMeasurable;
    }

    static List<GoalInPeriod> InPeriod(List<GoalRow> goals, List<GoalPeriodRow> rows, Period period)
    {
        var periods = rows.Where(p => p.Year == period.Year && p.PeriodKind == period.Kind && p.PeriodNumber == period.Number).ToDictionary(p => p.GoalId);
        // A fixed order (the database's is not), so a rebuilt model renders the same report as the live one.
        return goals.OrderBy(g => g.Name, StringComparer.Ordinal).ThenBy(g => g.GoalId)
            .Select(g => new GoalInPeriod(g, periods.GetValueOrDefault(g.GoalId))).ToList();
    }

    static Api.StatusCounts Count(IEnumerable<GoalInPeriod> goals)
    {
        var list = goals.ToList();
        return new Api.StatusCounts
        {
            Total = list.Count,
            Green = list.Count(g => g.Status == Green),
            Yellow = list.Count(g => g.Status == Yellow),
            Red = list.Count(g => g.Status == Red),
            NotMeasurable = list.Count(g => g.Status is not (Green or Yellow or Red)),
        };
    }

    /// Each goal whose status is not the one it had in the previous period, worst news first.
    static IEnumerable<Api.StatusChange> StatusChanges(List<GoalInPeriod> goals, List<GoalInPeriod> previous)
    {
        var before = previous.ToDictionary(g => g.Goal.GoalId, g => g.Status);
        string[] order = [Red, Yellow, Green, NotMeasurable];
        return goals.Where(g => before.TryGetValue(g.Goal.GoalId, out var was) && was != g.Status)
            .OrderBy(g => Array.IndexOf(order, g.Status)).ThenBy(g => g.Goal.Name, StringComparer.Ordinal)
            .Select(g => new Api.StatusChange
            {
                GoalId = g.Goal.GoalId.ToString(), Name = g.Goal.Name, Kind = g.Goal.Kind, PreviousStatus = before[g.Goal.GoalId], Status = g.Status,
            });
    }

    static Api.GoalLine Line(GoalInPeriod g)
    {
        var line = new Api.GoalLine
        {
            GoalId = g.Goal.GoalId.ToString(),
            Name = g.Goal.Name,
            Kind = g.Goal.Kind,
            GoalArea = g.Goal.GoalAreaName ?? "",
            ResponsibleUnitCode = g.Goal.ResponsibleUnitCode ?? "",
            Status = g.Status,
            Basis = g.Period?.Basis ?? "",
            Analysis = g.Period?.Analysis ?? "",
            Target = g.Goal.TargetText ?? "",
            IsFinancialGoal = g.Goal.IsFinancialGoal,
        };
        if (g.Period?.OutcomeTotal is { } total) (line.HasOutcome, line.OutcomeTotal) = (true, (double)total);
        if (g.Period is { OutcomeWomen: { } women, OutcomeMen: { } men })
            (line.HasGenderBreakdown, line.OutcomeWomen, line.OutcomeMen) = (true, (double)women, (double)men);
        line.Scopes.AddRange(ScopeLines(g.Period));
        return line;
    }

    static void AddActivities(Api.Report report, List<GoalInPeriod> goals, List<ActivityRow> activities, Period period)
    {
        var goalNames = goals.ToDictionary(g => g.Goal.GoalId, g => g.Goal.Name);
        // Past its end date and not done, an activity is delayed whatever its recorded status says.
        string StatusOf(ActivityRow a) => a.Status != "Done" && a.EndDate < period.LastDay ? "Delayed" : a.Status;
        report.Activities = new Api.ActivityCounts
        {
            Total = activities.Count,
            Planned = activities.Count(a => StatusOf(a) == "Planned"),
            Ongoing = activities.Count(a => StatusOf(a) == "Ongoing"),
            Delayed = activities.Count(a => StatusOf(a) == "Delayed"),
            Done = activities.Count(a => StatusOf(a) == "Done"),
        };
        report.DelayedActivities.AddRange(activities.Where(a => StatusOf(a) == "Delayed").OrderBy(a => a.EndDate).ThenBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.ActivityId).Select(a => new Api.ActivityLine
        {
            Name = a.Name,
            GoalName = goalNames.GetValueOrDefault(a.GoalId) ?? "",
            EndDate = a.EndDate?.ToString("yyyy-MM-dd") ?? "",
            Status = a.Status,
        }));
    }

    /// One row per area (budget level Area) with goals, and one for the body when goals sit above
    /// its areas. A row counts the goals of its whole subtree, as its deviation is rolled up, so the
    /// body's row agrees with the summary; a goal without a responsible unit is the body's.
    /// Assignments are left out here as in the summary's goal counts.
    static void AddAreas(Api.Report report, OrgUnitReplicaTree tree, List<GoalInPeriod> goals, BudgetFigures figures)
    {
        var counted = goals.Where(g => g.Goal.Kind != "Assignment")
            .Select(g => (Goal: g, Unit: g.Goal.ResponsibleUnitCode ?? report.BodyCode)).ToList();
        // Each responsible unit with its ancestors (a unit the replica does not know yet is its own
        // row), walked once per unit: a large body has hundreds of goals and dozens of rows.
        var within = counted.Select(g => g.Unit).Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(unit => unit,
            unit => tree.SelfAndAncestors(unit).Select(u => u.Code).Append(unit).ToHashSet(StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase);
        var rows = within.Keys.Select(unit => AreaOf(tree, unit)).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows.Order(StringComparer.Ordinal))
        {
            var counts = Count(counted.Where(g => within[g.Unit].Contains(row)).Select(g => g.Goal));
            var deviation = figures.Rolled(row).Deviation;
            var isBody = string.Equals(row, report.BodyCode, StringComparison.OrdinalIgnoreCase);
            report.Areas.Add(new Api.AreaBalance
            {
                UnitCode = row,
                UnitName = tree.Find(row)?.Name ?? row,
                Goals = counts,
                Deviation = deviation,
                // The signals point at an area to look at; the body's row is the total.
                Signal = (isBody, counts.Red > 0, counts.Green > 0, deviation) switch
                {
                    (true, _, _, _) => "",
                    (_, true, _, > 0) => "RedWithSurplus",
                    (_, true, _, < 0) => "RedWithDeficit",
                    (_, false, true, < 0) => "GreenWithDeficit",
                    _ => "",
                },
            });
        }
    }

    /// Which of the report's figures were recorded as invented (made-up example data), so that
    /// every rendering says so; a figure the report does not show does not count. Read with the
    /// figures themselves (the budget's rows, the investments), not asked again.
    static List<string> InventedData(IEnumerable<GoalInPeriod> goals, BudgetPart budget, bool investments)
    {
        var found = new List<string>();
        if (goals.Any(g => g.Period?.OutcomeInvented == true)) found.Add(InventedGoalOutcomes);
        if (budget.InventedOutcomes) found.Add(InventedBudgetOutcomes);
        if (budget.InventedForecasts) found.Add(InventedBudgetForecasts);
        if (investments) found.Add(InventedInvestmentFigures);
        return found;
    }

    public static string AreaOf(OrgUnitReplicaTree tree, string unitCode) =>
        tree.SelfAndAncestors(unitCode).FirstOrDefault(u => u.Level == "Area")?.Code ?? unitCode;

    static void AddPresentations(Api.Report report, List<MeetingRow> meetings, Period period)
    {
        foreach (var meeting in meetings.OrderBy(m => m.StartDate).ThenBy(m => m.MeetingId))
        foreach (var item in meeting.Items.Where(i => i.CoversYear is { } y && i.CoversKind is { } k
                     && ReportPeriods.FromStored(y, k, i.CoversNumber ?? 0) == period))
        {
            report.PresentedAt.Add(new Api.Presentation
            {
                MeetingDate = meeting.StartDate.ToString("yyyy-MM-dd"),
                MeetingKind = meeting.Kind,
                MeetingTitle = meeting.Title ?? "",
                Place = meeting.Place ?? "",
                ItemTitle = item.Title,
                ResponsibleRole = item.ResponsibleRole ?? "",
            });
        }
    }
}
