using Region.ServiceDefaults.OrgUnits;

namespace Region.Reporting.Domain;

/// One unit's net figures for a year up to a month. Deviation = outcome − period budget in signed
/// amounts (revenue positive, costs negative), the documents' "budget − outcome" on costs: positive is good.
public sealed record UnitFigures(long Frame, long PeriodBudget, long Outcome, long? Forecast)
{
    public static readonly UnitFigures None = new(0, 0, 0, null);

    public long Deviation => Outcome - PeriodBudget;

    /// Prognosavvikelse: forecast − annual frame; positive is a better year than budgeted.
    public long? ForecastDeviation => Forecast - Frame;

    public static UnitFigures operator +(UnitFigures a, UnitFigures b) => new(
        a.Frame + b.Frame, a.PeriodBudget + b.PeriodBudget, a.Outcome + b.Outcome,
        a.Forecast is null && b.Forecast is null ? null : (a.Forecast ?? 0) + (b.Forecast ?? 0));
}

/// The budget of a tenant's units for a year through a month, each unit with its subtree rolled up.
public sealed class BudgetFigures
{
    readonly Dictionary<string, UnitFigures> _own;
    readonly Dictionary<string, UnitFigures> _rolled = new(StringComparer.OrdinalIgnoreCase);
    readonly OrgUnitReplicaTree _tree;

    public BudgetFigures(OrgUnitReplicaTree tree, string rootCode, IEnumerable<FrameRow> frames,
        IEnumerable<BudgetOutcomeRow> outcomes, IEnumerable<ForecastRow> forecasts, int throughMonth)
    {
        _tree = tree;
        var outcomeByUnit = outcomes.Where(o => o.Month <= throughMonth)
            .GroupBy(o => o.UnitCode, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Sum(o => o.Amount), StringComparer.OrdinalIgnoreCase);
        var forecastByUnit = forecasts.ToDictionary(f => f.UnitCode, f => f.Net, StringComparer.OrdinalIgnoreCase);
        var frameByUnit = frames.ToDictionary(f => f.UnitCode, StringComparer.OrdinalIgnoreCase);
        _own = tree.Subtree(rootCode).ToDictionary(u => u.Code, u =>
        {
            var frame = frameByUnit.GetValueOrDefault(u.Code);
            return new UnitFigures(
                frame?.CurrentNet ?? 0,
                frame is null ? 0 : frame.Current.Columns().Sum(c => PeriodShare(c.Amount, frame.MonthlyWeights, throughMonth)),
                outcomeByUnit.GetValueOrDefault(u.Code),
                forecastByUnit.TryGetValue(u.Code, out var f) ? f : null);
        }, StringComparer.OrdinalIgnoreCase);
        var subtree = tree.Subtree(rootCode);
        // Depth first puts children after their parent: walking backwards sums the leaves first.
        for (var i = subtree.Count - 1; i >= 0; i--)
        {
            var unit = subtree[i];
            _rolled[unit.Code] = subtree.Where(c => string.Equals(c.ParentCode, unit.Code, StringComparison.OrdinalIgnoreCase))
                .Aggregate(_own[unit.Code], (sum, child) => sum + _rolled[child.Code]);
        }
    }

    /// The unit with everything below it.
    public UnitFigures Rolled(string code) => _rolled.GetValueOrDefault(code) ?? UnitFigures.None;

    public UnitFigures Own(string code) => _own.GetValueOrDefault(code) ?? UnitFigures.None;

    public int Depth(string code, string rootCode) =>
        _tree.SelfAndAncestors(code).TakeWhile(u => !string.Equals(u.Code, rootCode, StringComparison.OrdinalIgnoreCase)).Count();

    /// The annual amount of one column spread evenly over twelve months, or by the frame's weights.
    public static long PeriodShare(long annual, IReadOnlyList<int>? weights, int throughMonth)
    {
        var (part, whole) = weights is { Count: 12 }
            ? (weights.Take(throughMonth).Sum(w => (long)w), weights.Sum(w => (long)w))
            : (throughMonth, 12L);
        return whole == 0 ? 0 : (long)Math.Round((decimal)annual * part / whole, MidpointRounding.AwayFromZero);
    }
}
