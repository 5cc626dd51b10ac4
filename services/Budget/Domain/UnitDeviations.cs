using Region.Contracts.Budget;

namespace Region.Budget.Domain;

/// Budgetavvikelse along the tree: each unit's own deviation through a month (its frame in force,
/// spread over the months, against its outcomes; its forecast), summed over its subtree.
public static class UnitDeviations
{
    /// By unit code, for the root and every unit below it.
    public static Dictionary<string, Deviation> RollUp(OrgTree tree, OrgUnit root, int throughMonth,
        IReadOnlyDictionary<Guid, BudgetFrame> frames, IReadOnlyDictionary<Guid, FrameAmounts> outcomes, IReadOnlyDictionary<Guid, long> forecasts) =>
        tree.RollUp(root, unit =>
        {
            var frame = frames.GetValueOrDefault(unit.Id);
            return Deviation.Through(throughMonth, frame?.Current, frame?.MonthlyWeights, outcomes.GetValueOrDefault(unit.Id),
                forecasts.TryGetValue(unit.Id, out var forecast) ? forecast : null);
        }, (a, b) => a + b);
}
