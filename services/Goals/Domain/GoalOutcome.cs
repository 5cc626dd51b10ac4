namespace Region.Goals.Domain;

/// A goal's outcome for a period; the newest version is what its status is computed from.
public sealed class GoalOutcome : RecordedOutcome
{
    public Guid GoalId { get; init; }
}
