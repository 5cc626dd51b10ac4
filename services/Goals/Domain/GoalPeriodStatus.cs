namespace Region.Goals.Domain;

/// A goal's status for a period: the one in force (a manual assessment overrides the rule) and the rule's,
/// with the reason when the rule found it not measurable, and for an outcome per scope how each scope was judged.
public sealed record GoalPeriodStatus(GoalStatus Status, GoalStatus Computed, GoalOutcome? Outcome, GoalAssessment? Assessment, string? Reason = null,
    IReadOnlyList<ScopeStatus>? Scopes = null)
{
    public IReadOnlyList<ScopeStatus> ScopeStatuses => Scopes ?? [];

    public bool Manual => Assessment is not null;

    /// Grows with every outcome or assessment of the goal and period: the version of its status event.
    public int Version => (Outcome?.Version ?? 0) + (Assessment?.Version ?? 0);
}
