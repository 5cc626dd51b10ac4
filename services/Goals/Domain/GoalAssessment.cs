using Region.Contracts.Periods;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Goals.Domain;

/// A person's assessment of a goal for a period (status + analysis), which overrides the rule; every
/// assessment is kept, the newest is in force.
public sealed class GoalAssessment : ITenantOwned
{
    public const int MaxAnalysisLength = 4000;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid PlanId { get; init; }
    public Guid GoalId { get; init; }
    public int Year { get; init; }
    public PeriodKind PeriodKind { get; init; }
    public int PeriodNumber { get; init; }
    public GoalStatus Status { get; init; }
    public required string Analysis { get; init; }
    public required string AssessedBy { get; init; }
    public DateTimeOffset AssessedAt { get; init; }
    public int Version { get; init; }

    public Period Period => new(Year, PeriodKind, PeriodNumber);

    /// A manual status always comes with its analysis: why, and what is done about it. (Whether the status
    /// is one at all is the wire's question: the gRPC mapping names an unknown number.)
    public static void Validate(string? analysis, Violations v)
    {
        if (v.Check(!string.IsNullOrWhiteSpace(analysis), "analysis", "An assessment needs its analysis: why, and what is done about it."))
            Input.CheckText(analysis, "analysis", MaxAnalysisLength, v, multiLine: true);
    }
}
