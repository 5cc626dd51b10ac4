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
    public override async Task<Api.DeviationByMonth> GetDeviationByMonth(Api.GetDeviationByMonthRequest request, ServerCallContext context)
    {
        var v = UnitAndYear(request.UnitCode, request.Year);
        v.Check(request.ThroughMonth is >= 0 and <= 12, "through_month", "A month from 1 to 12 (0: the whole year).");
        v.ThrowIfAny();
        var through = request.ThroughMonth == 0 ? 12 : request.ThroughMonth;
        var level = string.IsNullOrWhiteSpace(request.Level) ? "Division" : request.Level.Trim();
        var (tree, monthly) = await FiguresByMonthAsync(request.UnitCode, request.Year, through, context.CancellationToken);
        var response = new Api.DeviationByMonth { Year = request.Year };
        foreach (var unit in tree.Subtree(request.UnitCode).Where(u => u.Level.Equals(level, StringComparison.OrdinalIgnoreCase)))
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
        var (tree, monthly) = await FiguresByMonthAsync(request.UnitCode, request.Year, request.ThroughMonth, context.CancellationToken);
        var figures = monthly[request.ThroughMonth];
        // A unit's own frame and outcome: roll-ups would rank every parent above its children.
        var response = new Api.ListTopDeviationsResponse();
        response.Rows.AddRange(tree.Subtree(request.UnitCode)
            .Select(u => (Unit: u, Own: figures.Own(u.Code)))
            .Where(x => x.Own != UnitFigures.None)
            .OrderBy(x => x.Own.Deviation).ThenBy(x => x.Unit.Code, StringComparer.Ordinal)
            .Take(request.Limit == 0 ? 10 : request.Limit)
            .Select(x => ReportBuilder.Row(x.Unit, x.Own, figures.Depth(x.Unit.Code, request.UnitCode))));
        return response;
    }

    async Task<(OrgUnitReplicaTree Tree, Dictionary<int, BudgetFigures> Monthly)> FiguresByMonthAsync(string unitCode, int year, int through, CancellationToken ct)
    {
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        if (tree.Find(unitCode) is null) throw new NotFoundException($"Unit '{unitCode}' is not known to the reporting service.");
        var (frames, outcomes, forecasts) = await ReportBuilder.BudgetRowsAsync(db, tree.SubtreeCodes(unitCode).ToList(), year, ct);
        var monthly = Enumerable.Range(1, through).ToDictionary(m => m, m => new BudgetFigures(tree, unitCode, frames, outcomes, forecasts, m));
        return (tree, monthly);
    }

    static Violations UnitAndYear(string unitCode, int year)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(unitCode), "unit_code", "A unit code is required.");
        Input.CheckYear(year, "year", v);
        return v;
    }
}
