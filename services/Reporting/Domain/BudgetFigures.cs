using Region.Contracts.Budget;
using Region.ServiceDefaults.OrgUnits;
using BudgetDeviation = Region.Contracts.Budget.Deviation;

namespace Region.Reporting.Domain;

/// One unit's net figures for a year up to a month, as the report shows them: the net of the
/// shared budget arithmetic (Contracts' Deviation), so the report and the budget service agree.
public sealed record UnitFigures
{
    private UnitFigures(BudgetDeviation figures)
    {
        Frame = figures.AnnualBudget.Net;
        PeriodBudget = figures.PeriodBudget.Net;
        Outcome = figures.Outcome.Net;
        Forecast = figures.ForecastNet;
        Deviation = figures.Amount.Net;
        ForecastDeviation = figures.ForecastDeviation;
    }

    public static readonly UnitFigures None = new(BudgetDeviation.None);

    public static UnitFigures Of(BudgetDeviation figures) => new(figures);

    public long Frame { get; }
    public long PeriodBudget { get; }
    public long Outcome { get; }
    public long? Forecast { get; }
    /// Outcome − period budget; positive is good.
    public long Deviation { get; }
    /// Prognosavvikelse: forecast − annual frame; positive is a better year than budgeted.
    public long? ForecastDeviation { get; }
}

/// The budget of a tenant's units for a year through a month, each unit with its subtree rolled up.
public sealed class BudgetFigures
{
    readonly Dictionary<string, UnitFigures> _own;
    readonly Dictionary<string, UnitFigures> _rolled;
    readonly OrgUnitReplicaTree _tree;

    public BudgetFigures(OrgUnitReplicaTree tree, string rootCode, IEnumerable<FrameRow> frames,
        IEnumerable<BudgetOutcomeRow> outcomes, IEnumerable<ForecastRow> forecasts, int throughMonth)
        : this(tree, rootCode, frames, OutcomeByUnit(outcomes, throughMonth), forecasts, throughMonth)
    {
    }

    /// From outcomes already added up per unit through the month (BudgetOutcomeSums.Through).
    public static BudgetFigures FromSums(OrgUnitReplicaTree tree, string rootCode, IEnumerable<FrameRow> frames,
        BudgetOutcomeSums outcomes, IEnumerable<ForecastRow> forecasts, int throughMonth) =>
        new(tree, rootCode, frames, outcomes.Through(throughMonth), forecasts, throughMonth);

    BudgetFigures(OrgUnitReplicaTree tree, string rootCode, IEnumerable<FrameRow> frames,
        IReadOnlyDictionary<string, FrameAmounts> outcomeByUnit, IEnumerable<ForecastRow> forecasts, int throughMonth)
    {
        _tree = tree;
        var subtree = tree.Subtree(rootCode);
        var own = OwnFigures(subtree, frames, outcomeByUnit, forecasts, throughMonth);
        var rolled = TreeRollUp.Sum(subtree, u => u.Code, u => u.ParentCode, u => own[u.Code], (a, b) => a + b);
        _own = own.ToDictionary(x => x.Key, x => UnitFigures.Of(x.Value), StringComparer.OrdinalIgnoreCase);
        _rolled = rolled.ToDictionary(x => x.Key, x => UnitFigures.Of(x.Value), StringComparer.OrdinalIgnoreCase);
    }

    /// The root's figures through a month, Rolled(rootCode) of the whole figures, without every
    /// other unit's roll-up: the root's subtree total is the sum of its units' own figures. The
    /// report's line per month needs only this, eleven times over.
    public static UnitFigures RootFromSums(OrgUnitReplicaTree tree, string rootCode, IEnumerable<FrameRow> frames,
        BudgetOutcomeSums outcomes, IEnumerable<ForecastRow> forecasts, int throughMonth)
    {
        var subtree = tree.Subtree(rootCode);
        if (subtree.Count == 0) return UnitFigures.None;
        return UnitFigures.Of(OwnFigures(subtree, frames, outcomes.Through(throughMonth), forecasts, throughMonth).Values
            .Aggregate(BudgetDeviation.None, (a, b) => a + b));
    }

    /// Each unit's own figures, its subtree not added.
    static Dictionary<string, BudgetDeviation> OwnFigures(IReadOnlyList<OrgUnitReplica> subtree, IEnumerable<FrameRow> frames,
        IReadOnlyDictionary<string, FrameAmounts> outcomeByUnit, IEnumerable<ForecastRow> forecasts, int throughMonth)
    {
        var forecastByUnit = forecasts.ToDictionary(f => f.UnitCode, f => f.Net, StringComparer.OrdinalIgnoreCase);
        var frameByUnit = frames.ToDictionary(f => f.UnitCode, StringComparer.OrdinalIgnoreCase);
        return subtree.ToDictionary(u => u.Code, u =>
        {
            var frame = frameByUnit.GetValueOrDefault(u.Code);
            // Weights the consumers would refuse now (rows from before) spread the year evenly.
            var weights = ReadModelLimits.AreWeights(frame?.MonthlyWeights) ? frame?.MonthlyWeights : null;
            return BudgetDeviation.Through(throughMonth, frame?.Current, weights, outcomeByUnit.GetValueOrDefault(u.Code),
                forecastByUnit.TryGetValue(u.Code, out var f) ? f : null);
        }, StringComparer.OrdinalIgnoreCase);
    }

    /// Whether the rows can be added up (AmountSums): checked before building, so too large amounts
    /// make the report say so rather than overflow.
    public static bool CanAddUp(IEnumerable<FrameRow> frames, IEnumerable<BudgetOutcomeRow> outcomes, IEnumerable<ForecastRow> forecasts) =>
        AmountSums.CanAddUp(frames.SelectMany(f => f.Current.Columns().Select(c => c.Amount))
            .Concat(outcomes.Select(o => o.Amount)).Concat(forecasts.Select(f => f.Net)));

    /// Whether the rows can be added up, with the outcomes already summed in the database.
    public static bool CanAddUp(IEnumerable<FrameRow> frames, BudgetOutcomeSums outcomes, IEnumerable<ForecastRow> forecasts) =>
        AmountSums.CanAddUp(frames.SelectMany(f => f.Current.Columns().Select(c => c.Amount)).Concat(forecasts.Select(f => f.Net)), outcomes.Magnitude);

    static Dictionary<string, FrameAmounts> OutcomeByUnit(IEnumerable<BudgetOutcomeRow> outcomes, int throughMonth) =>
        outcomes.Where(o => o.Month >= 1 && o.Month <= throughMonth && FrameColumn(o.Column) is not null)
            .GroupBy(o => o.UnitCode, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => FrameAmounts.Sum(g.Select(o => FrameAmounts.Of(FrameColumn(o.Column)!.Value, o.Amount))), StringComparer.OrdinalIgnoreCase);

    /// The consumer stores the column as BudgetColumn's name; a row it would refuse now is left out (null).
    public static BudgetColumn? FrameColumn(string column) =>
        Enum.TryParse<BudgetColumn>(column, out var c) && ReadModelLimits.IsFrameColumn(c) ? c : null;

    /// The unit with everything below it.
    public UnitFigures Rolled(string code) => _rolled.GetValueOrDefault(code) ?? UnitFigures.None;

    public UnitFigures Own(string code) => _own.GetValueOrDefault(code) ?? UnitFigures.None;

    public int Depth(string code, string rootCode) =>
        _tree.SelfAndAncestors(code).TakeWhile(u => !string.Equals(u.Code, rootCode, StringComparison.OrdinalIgnoreCase)).Count();
}
