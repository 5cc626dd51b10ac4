using Grpc.Core;
using Region.Reporting.Domain;
using Region.Reporting.Report;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Grpc;

/// The finance queries over a unit's subtree and year: the deviation month by month, and the
/// units furthest below budget.
public sealed partial class ReportingGrpcService
{
    /// The budget levels of the org-unit tree (OrgUnitReplica.Level), which GetDeviationByMonth groups by.
    static readonly string[] Levels = ["Region", "Body", "Division", "Area", "Department", "Unit"];

    public override async Task<Api.DeviationByMonth> GetDeviationByMonth(Api.GetDeviationByMonthRequest request, ServerCallContext context)
    {
        var v = UnitAndYear(request.UnitCode, request.Year);
        v.Check(request.ThroughMonth is >= 0 and <= 12, "through_month", "A month from 1 to 12 (0: the whole year).");
        var level = string.IsNullOrWhiteSpace(request.Level) ? "Division" : request.Level.Trim();
        v.Check(Levels.Contains(level, StringComparer.OrdinalIgnoreCase), "level", $"A budget level: {string.Join(", ", Levels)} (Division when empty).");
        v.ThrowIfAny();
        var through = request.ThroughMonth == 0 ? 12 : request.ThroughMonth;
        var unitCode = Input.Code(request.UnitCode);
        var (tree, monthly) = await FiguresByMonthAsync(unitCode, request.Year, through, context.CancellationToken);
        var response = new Api.DeviationByMonth { Year = request.Year };
        foreach (var unit in tree.Subtree(unitCode).Where(u => u.Level.Equals(level, StringComparison.OrdinalIgnoreCase)))
        {
            var row = new Api.UnitMonths { UnitCode = unit.Code, UnitName = unit.Name };
            for (var m = 1; m <= through; m++)
            {
                var now = monthly[m].Rolled(unit.Code);
                var before = m == 1 ? UnitFigures.None : monthly[m - 1].Rolled(unit.Code);
                row.Months.Add(new Api.MonthDeviation
                {
                    Month = m,
                    Budget = now.PeriodBudget - before.PeriodBudget,
                    Outcome = now.Outcome - before.Outcome,
                    Deviation = now.Deviation - before.Deviation,
                    Accumulated = now.Deviation,
                });
            }
            response.Units.Add(row);
        }
        return response;
    }

    public override async Task<Api.ListTopDeviationsResponse> ListTopDeviations(Api.ListTopDeviationsRequest request, ServerCallContext context)
    {
        var v = UnitAndYear(request.UnitCode, request.Year);
        v.Check(request.ThroughMonth is >= 1 and <= 12, "through_month", "A month from 1 to 12.");
        v.Check(request.Limit is >= 0 and <= 1000, "limit", "At most 1000.");
        v.ThrowIfAny();
        var unitCode = Input.Code(request.UnitCode);
        var (tree, monthly) = await FiguresByMonthAsync(unitCode, request.Year, request.ThroughMonth, context.CancellationToken);
        var figures = monthly[request.ThroughMonth];
        // A unit's own frame and outcome: roll-ups would rank every parent above its children.
        var response = new Api.ListTopDeviationsResponse();
        response.Rows.AddRange(tree.Subtree(unitCode)
            .Select(u => (Unit: u, Own: figures.Own(u.Code)))
            .Where(x => x.Own != UnitFigures.None)
            .OrderBy(x => x.Own.Deviation).ThenBy(x => x.Unit.Code, StringComparer.Ordinal)
            .Take(request.Limit == 0 ? 10 : request.Limit)
            .Select(x => ReportBuilder.Row(x.Unit, x.Own, figures.Depth(x.Unit.Code, unitCode))));
        return response;
    }

    async Task<(OrgUnitReplicaTree Tree, Dictionary<int, BudgetFigures> Monthly)> FiguresByMonthAsync(string unitCode, int year, int through, CancellationToken ct)
    {
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        if (tree.Find(unitCode) is null) throw UnknownUnit.Error(unitCode, tree.Codes);
        var (frames, outcomes, forecasts) = await ReportBuilder.BudgetRowsAsync(db, tree.SubtreeCodes(unitCode).ToList(), year, ct);
        if (!BudgetFigures.CanAddUp(frames, outcomes, forecasts))
            throw new FailedPreconditionException($"The budget amounts under {Input.Quote(unitCode)} in {year} are too large to add up; correct them in the budget service.");
        var monthly = Enumerable.Range(1, through).ToDictionary(m => m, m => new BudgetFigures(tree, unitCode, frames, outcomes, forecasts, m));
        return (tree, monthly);
    }

    static Violations UnitAndYear(string unitCode, int year)
    {
        var v = new Violations();
        Input.CheckCode(unitCode, "unit_code", v);
        Input.CheckYear(year, "year", v);
        return v;
    }
}
