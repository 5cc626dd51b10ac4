namespace Region.Goals.Domain;

/// A goal's status for a period: the one in force (a manual assessment overrides the rule) and the rule's.
public sealed record GoalPeriodStatus(GoalStatus Status, GoalStatus Computed, GoalOutcome? Outcome, GoalAssessment? Assessment)
{
    public bool Manual => Assessment is not null;

    /// Grows with every outcome or assessment of the goal and period: the version of its status event.
    public int Version => (Outcome?.Version ?? 0) + (Assessment?.Version ?? 0);
}
