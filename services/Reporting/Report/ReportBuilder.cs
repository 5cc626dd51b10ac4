using System.Diagnostics;
using System.Diagnostics.Metrics;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Periods;
using Region.Reporting.Data;
using Region.Reporting.Domain;
using Region.ServiceDefaults.OrgUnits;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// Builds the follow-up report of a body and period from the read model: goal statuses and their
/// change, goals not achieved, activities, the budget with roll-up, investments, and the
/// combination no source service has: each area's goals beside its budget deviation.
public sealed class ReportBuilder(ReportingDb db)
{
    public const string Green = "Green", Yellow = "Yellow", Red = "Red", NotMeasurable = "NotMeasurable";

    /// The service's own meter (ServiceDefaults collects the meter named after the service).
    static readonly Meter Meter = new("reporting");
    static readonly Histogram<double> BuildTime = Meter.CreateHistogram<double>(
        "region.report.build_time", unit: "ms", description: "Time to build a follow-up report from the read model.");

    public async Task<Api.Report> BuildAsync(string bodyCode, Period period, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var report = await BuildReportAsync(bodyCode, period, ct);
        BuildTime.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("period_kind", period.Kind.ToString()));
        return report;
    }

    async Task<Api.Report> BuildReportAsync(string bodyCode, Period period, CancellationToken ct)
    {
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var body = tree.Find(bodyCode);
        var plan = await db.Plans.AsNoTracking().Where(p => p.BodyCode == bodyCode && p.Year == period.Year)
            .OrderByDescending(p => p.Revision).FirstOrDefaultAsync(ct);
        var report = new Api.Report
        {
            BodyCode = body?.Code ?? bodyCode,
            BodyName = body?.Name ?? bodyCode,
            Period = period.ToString(),
            PeriodParts = period.ToProto(),
            PeriodLabel = period.Label(),
            PlanName = plan?.Name ?? "",
            PlanCaseNumber = plan?.CaseNumber ?? "",
            PreviousPeriod = period.Previous().ToString(),
        };

        var goals = await GoalsAsync(bodyCode, period, ct);
        report.Goals = Count(goals.Where(g => g.Goal.Kind != "Assignment"));
        report.Assignments = Count(goals.Where(g => g.Goal.Kind == "Assignment"));
        var previous = await GoalsAsync(bodyCode, period.Previous(), ct);
        report.PreviousGoals = Count(previous.Where(g => g.Goal.Kind != "Assignment"));
        report.PreviousAssignments = Count(previous.Where(g => g.Goal.Kind == "Assignment"));
        report.GoalsNotAchieved.AddRange(goals.Where(g => g.Status is Red or Yellow)
            .OrderBy(g => g.Status == Red ? 0 : 1).ThenBy(g => g.Goal.Name, StringComparer.Ordinal).Select(Line));
        report.FinancialGoals.AddRange(goals.Where(g => g.Goal.IsFinancialGoal).Select(Line));

        await AddActivitiesAsync(report, goals.Select(g => g.Goal.GoalId).ToList(), period, ct);
        var figures = await AddBudgetAsync(report, tree, bodyCode, period, ct);
        await AddInvestmentsAsync(report, bodyCode, period.Year, ct);
        AddAreas(report, tree, goals, figures);
        await AddPresentationsAsync(report, bodyCode, period, ct);
        report.Summary.AddRange(ReportText.Summary(report, period));
        return report;
    }

    sealed record GoalInPeriod(GoalRow Goal, GoalPeriodRow? Period)
    {
        /// No status recorded for the period means no outcome to judge: not measurable.
        public string Status => Period?.Status ?? NotMeasurable;
    }

    async Task<List<GoalInPeriod>> GoalsAsync(string bodyCode, Period period, CancellationToken ct)
    {
        var goals = await db.Goals.AsNoTracking().Where(g => g.BodyCode == bodyCode && g.Year == period.Year && !g.Removed).ToListAsync(ct);
        var ids = goals.Select(g => g.GoalId).ToList();
        var periods = await db.GoalPeriods.AsNoTracking()
            .Where(p => ids.Contains(p.GoalId) && p.Year == period.Year && p.PeriodKind == period.Kind && p.PeriodNumber == period.Number)
            .ToDictionaryAsync(p => p.GoalId, ct);
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
        return line;
    }

    async Task AddActivitiesAsync(Api.Report report, List<Guid> goalIds, Period period, CancellationToken ct)
    {
        var activities = await db.Activities.AsNoTracking()
            .Where(a => goalIds.Contains(a.GoalId) && !a.Removed && a.Status != "Cancelled").ToListAsync(ct);
        var goalNames = await db.Goals.AsNoTracking().Where(g => goalIds.Contains(g.GoalId)).ToDictionaryAsync(g => g.GoalId, g => g.Name, ct);
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

    async Task<BudgetFigures> AddBudgetAsync(Api.Report report, OrgUnitReplicaTree tree, string bodyCode, Period period, CancellationToken ct)
    {
        var codes = tree.SubtreeCodes(bodyCode).ToList();
        var (frames, outcomes, forecasts) = await BudgetRowsAsync(db, codes, period.Year, ct);
        var figures = new BudgetFigures(tree, bodyCode, frames, outcomes, forecasts, period.ThroughMonth);
        var budget = new Api.BudgetSection { ThroughMonth = period.ThroughMonth };
        budget.Rows.AddRange(tree.Subtree(bodyCode).Where(u => figures.Rolled(u.Code) != UnitFigures.None)
            .Select(u => Row(u, figures.Rolled(u.Code), figures.Depth(u.Code, bodyCode))));
        budget.Ledger.AddRange((await db.Ledger.AsNoTracking().Where(l => l.Year == period.Year && codes.Contains(l.UnitCode)).ToListAsync(ct))
            .OrderBy(l => l.ChangedAt).ThenBy(l => l.UnitCode, StringComparer.Ordinal).ThenBy(l => l.EntryId).Select(l => new Api.LedgerLine
            {
                UnitCode = l.UnitCode,
                Kind = l.Kind,
                Change = l.Change,
                Reason = l.Reason,
                CaseNumber = l.CaseNumber ?? "",
                ChangedAt = Timestamp.FromDateTimeOffset(l.ChangedAt),
                CounterpartUnitCode = l.CounterpartUnitCode ?? "",
                AmountIsEstimate = l.AmountIsEstimate,
            }));
        budget.OfficialsNet = frames.Where(f => f.Category == "Officials").Sum(f => f.CurrentNet);
        budget.ElectedMembersNet = frames.Where(f => f.Category == "ElectedMembers").Sum(f => f.CurrentNet);
        var financing = await db.Financing.AsNoTracking().SingleOrDefaultAsync(f => f.BodyCode == bodyCode && f.Year == period.Year, ct);
        if (financing is not null)
        {
            var a = financing.Amounts;
            budget.HasFinancing = true;
            budget.Financing = new Api.FinancingLines
            {
                TaxRevenue = a.TaxRevenue, GeneralStateGrants = a.GeneralStateGrants, PharmaceuticalGrant = a.PharmaceuticalGrant,
                FinancialIncome = a.FinancialIncome, FinancialCosts = a.FinancialCosts, Total = a.Total,
            };
        }
        budget.TotalNetBudget = (financing?.Amounts.Total ?? 0) + budget.OfficialsNet + budget.ElectedMembersNet;
        var imports = await db.FrameTableImports.AsNoTracking().Where(i => i.BodyCode == bodyCode && i.Year == period.Year)
            .OrderBy(i => i.ImportedAt).ToListAsync(ct);
        budget.Findings.AddRange(imports.SelectMany(i => i.Findings.Select(f => new Api.ImportFinding
        {
            Source = i.Source, Location = f.Location, Column = f.Column.ToString(), Stated = f.Stated, Computed = f.Computed, Message = f.Message,
        })));
        report.Budget = budget;
        return figures;
    }

    /// The frames, outcomes and forecasts of the units in a year: what BudgetFigures is computed from.
    public static async Task<(List<FrameRow> Frames, List<BudgetOutcomeRow> Outcomes, List<ForecastRow> Forecasts)> BudgetRowsAsync(
        ReportingDb db, List<string> unitCodes, int year, CancellationToken ct) =>
    (
        await db.Frames.AsNoTracking().Where(f => f.Year == year && unitCodes.Contains(f.UnitCode)).ToListAsync(ct),
        await db.BudgetOutcomes.AsNoTracking().Where(o => o.Year == year && unitCodes.Contains(o.UnitCode)).ToListAsync(ct),
        await db.Forecasts.AsNoTracking().Where(f => f.Year == year && unitCodes.Contains(f.UnitCode)).ToListAsync(ct)
    );

    public static Api.BudgetRow Row(OrgUnitReplica unit, UnitFigures f, int depth) => new()
    {
        UnitCode = unit.Code,
        UnitName = unit.Name,
        Level = unit.Level,
        Depth = depth,
        Frame = f.Frame,
        PeriodBudget = f.PeriodBudget,
        Outcome = f.Outcome,
        Deviation = f.Deviation,
        HasForecast = f.Forecast is not null,
        Forecast = f.Forecast ?? 0,
        ForecastDeviation = f.ForecastDeviation ?? 0,
    };

    async Task AddInvestmentsAsync(Api.Report report, string bodyCode, int year, CancellationToken ct)
    {
        var all = await db.Investments.AsNoTracking().Where(i => i.BodyCode == bodyCode && i.Year == year).ToListAsync(ct);
        var objects = all.Where(i => i.Status != "Cancelled").ToList();
        static Api.InvestmentLine Sum(string key, IEnumerable<InvestmentRow> rows)
        {
            var list = rows.ToList();
            return new Api.InvestmentLine
            {
                Key = key,
                Objects = list.Count,
                Decided = list.Sum(i => i.Amount),
                Spent = list.Sum(i => i.SpentToDate),
                Forecast = list.Sum(i => i.Forecast ?? i.Amount),
            };
        }
        report.Investments = new Api.InvestmentSection
        {
            Total = Sum("Totalt", objects),
            Cancelled = Sum("Avbrutna", all.Where(i => i.Status == "Cancelled")),
        };
        report.Investments.ByCategory.AddRange(objects.GroupBy(i => i.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Sum(g.Key, g)));
        report.Investments.ByUnit.AddRange(objects.GroupBy(i => i.UnitCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Sum(g.Key, g)));
    }

    /// Each goal counts for the area (budget level Area) its responsible unit belongs to.
    static void AddAreas(Api.Report report, OrgUnitReplicaTree tree, List<GoalInPeriod> goals, BudgetFigures figures)
    {
        var byArea = goals.Where(g => g.Goal.ResponsibleUnitCode is not null)
            .GroupBy(g => AreaOf(tree, g.Goal.ResponsibleUnitCode!), StringComparer.OrdinalIgnoreCase);
        foreach (var area in byArea.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var counts = Count(area);
            var deviation = figures.Rolled(area.Key).Deviation;
            report.Areas.Add(new Api.AreaBalance
            {
                UnitCode = area.Key,
                UnitName = tree.Find(area.Key)?.Name ?? area.Key,
                Goals = counts,
                Deviation = deviation,
                Signal = (counts.Red > 0, counts.Green > 0, deviation) switch
                {
                    (true, _, > 0) => "RedWithSurplus",
                    (true, _, < 0) => "RedWithDeficit",
                    (false, true, < 0) => "GreenWithDeficit",
                    _ => "",
                },
            });
        }
    }

    public static string AreaOf(OrgUnitReplicaTree tree, string unitCode) =>
        tree.SelfAndAncestors(unitCode).FirstOrDefault(u => u.Level == "Area")?.Code ?? unitCode;

    async Task AddPresentationsAsync(Api.Report report, string bodyCode, Period period, CancellationToken ct)
    {
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => m.BodyCode == bodyCode && m.Year >= period.Year && m.Year <= period.Year + 1 && !m.Cancelled).ToListAsync(ct);
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
