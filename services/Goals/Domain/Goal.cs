namespace Region.Goals.Domain;

/// Mål (a goal of the board) or uppdrag (an assignment from the council, assessed by a person).
public enum GoalKind
{
    Goal = 1,
    Assignment = 2,
}

/// A goal or assignment with its target. Id stays the same across revisions; Version grows with every change.
/// AssignmentCode: the assignment of the plan the goal sits under (seed 000: the goals "under uppdragen"), if any.
public sealed record Goal(
    Guid Id, string Code, string AreaCode, GoalKind Kind, string Name, string? Description, string? ResponsibleUnitCode,
    bool IsFinancialGoal, TargetSpec Target, IReadOnlyList<Activity> Activities, int Version = 1, string? AssignmentCode = null);
