namespace Region.Goals.Domain;

/// The rule for an outcome with a value per scope ("4,8 % (RJH) 4,8 % (RS)" with sick leave 5,1 for RJH
/// and 4,2 for RS): each scope is judged against its own scope's value with the target's bound, by the
/// same band as a threshold, and the goal takes the worst scope's status. A controller reads a goal as
/// achieved only when it is achieved everywhere it is measured: green when every scope is green, red
/// when any scope is red, else (some scope yellow) yellow; a scope the rule cannot judge makes the goal
/// not measurable unless another scope is already red.
public sealed partial record GoalStatusRule
{
    public IReadOnlyList<ScopeStatus> JudgeScopes(PerScopeTarget target, IReadOnlyList<ScopeOutcome> outcomes) =>
        outcomes.Select(o => target.Scopes.FirstOrDefault(s => string.Equals(s.Scope, o.Scope, StringComparison.OrdinalIgnoreCase)) is { } scope
            ? new ScopeStatus(o.Scope, o.Value, target.Bound, scope, Compute(new ThresholdTarget(target.Text, target.Bound, scope.Value, scope.Unit), o.Value))
            : new ScopeStatus(o.Scope, o.Value, target.Bound, null, ComputedStatus.NotMeasurable($"The target no longer has the scope {o.Scope}.")))
            .ToList();

    /// The goal's status from its scopes' (at least one), by the rule above.
    public static ComputedStatus Worst(IReadOnlyList<ScopeStatus> scopes)
    {
        if (scopes.Any(s => s.Status.Status == GoalStatus.Red)) return new(GoalStatus.Red);
        if (scopes.FirstOrDefault(s => s.Status.Status == GoalStatus.NotMeasurable) is { } unjudged)
            return ComputedStatus.NotMeasurable($"{unjudged.Scope}: {unjudged.Status.Reason}");
        return new(scopes.Any(s => s.Status.Status == GoalStatus.Yellow) ? GoalStatus.Yellow : GoalStatus.Green);
    }
}
