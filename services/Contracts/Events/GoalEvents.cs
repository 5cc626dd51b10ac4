using Region.Contracts.Goals;
using Region.Contracts.Periods;

namespace Region.Contracts.Events;

// Events of the goals service. Each carries the whole state a consumer needs (event-carried
// state) and a version, so a read model can ignore an older state that arrives late.
// Enumerations travel as their English names (strings), listed in the comment of each field:
// new names may be added, existing ones are never renamed.

/// A plan revision as it is after the change. RevisionStatus is Draft or Adopted; Revision counts from 1
/// (1 = the plan as first decided, 2 = its first revision, ...). YellowBandFromPercent is the lower edge of
/// the yellow band (90 by default: 90-99.9 % of target is yellow). Version grows with every change of the plan.
/// Vocabulary: the plan's words for its levels and statuses (null from a plan before vocabularies: the default).
public sealed record PlanState(
    Guid PlanId, string BodyCode, int Year, string Name, string? CaseNumber, string? DecisionReference,
    int Revision, string RevisionStatus, DateOnly? AdoptedOn, decimal YellowBandFromPercent, int Version,
    PlanVocabulary? Vocabulary = null);

/// A goal area (målområde) of a plan, under a strategy of the regional plan.
public sealed record GoalAreaData(string Code, string Name, string? StrategyCode, string? StrategyName);

/// A plan was created (its first revision is a draft).
public sealed record PlanCreated(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, PlanState Plan, IReadOnlyList<GoalAreaData> GoalAreas) : IGoalsEvent;

/// A revision of a plan was adopted: from now on it is frozen, and it is the plan in force.
public sealed record PlanAdopted(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, PlanState Plan, IReadOnlyList<GoalAreaData> GoalAreas) : IGoalsEvent;

/// A new draft revision was opened as a copy of the last one (the plan is being revised).
public sealed record PlanRevised(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, PlanState Plan, int FromRevision, IReadOnlyList<GoalAreaData> GoalAreas) : IGoalsEvent;

/// One scope's part of a target per scope ("4,5 (RJH) 4,5 (RS)"). Bound is AtLeast or AtMost.
public sealed record ScopedTargetData(string Scope, string Bound, decimal Value, string? Unit);

/// A typed target (målvärde) beside its original Swedish text.
/// Kind: ActivityCompleted, Threshold (Bound AtLeast|AtMost, Value, Unit), ChangeVsBaseline (Value = change in
/// percent vs BaselineYear, BaselineValue when known), BetterThanYear (Bound AtLeast = "higher/greater share than
/// BaselineYear", AtMost = lower), PerScope (Scopes), NotSet (to be set later), Unclassified (text only, not typed).
public sealed record TargetData(
    string Kind, string? Bound, decimal? Value, string? Unit, int? BaselineYear, decimal? BaselineValue,
    IReadOnlyList<ScopedTargetData> Scopes, string Text);

/// A goal or assignment as it is in a revision of its plan. GoalId is stable across revisions.
/// Kind is Goal or Assignment. Removed is true when the revision no longer has the goal.
/// AssignmentId: the GoalId of the assignment the goal sits under (seed 000's goals "under uppdragen"), if any.
public sealed record GoalState(
    Guid GoalId, Guid PlanId, string BodyCode, int Year, int Revision, string GoalAreaCode, string GoalAreaName,
    string Kind, string Name, string? Description, string? ResponsibleUnitCode, bool IsFinancialGoal,
    TargetData Target, bool Removed, int Version, Guid? AssignmentId = null);

public sealed record GoalCreated(Guid EventId, string Tenant, DateTimeOffset OccurredAt, GoalState Goal) : IGoalsEvent;

public sealed record GoalChanged(Guid EventId, string Tenant, DateTimeOffset OccurredAt, GoalState Goal) : IGoalsEvent;

/// An outcome (utfall): the total and, where measured, the part for women/girls and men/boys.
public sealed record OutcomeValues(decimal? Total, decimal? Women, decimal? Men);

/// The outcome of a goal for a period. Recording again for the same goal and period replaces it
/// (Version per goal and period grows); the service keeps the history. Invented: the figure is
/// made-up example data (a demo's *.invented.yaml), which every report built on it must say.
/// FullYearForecast: the full-year forecast (helårsprognos) recorded with it, if any.
/// Scopes: for a goal with a target per scope, the value of each scope of the target with how the rule
/// judged it; null for an outcome with only a total (and in events from before scopes were recorded).
public sealed record GoalOutcomeRecorded(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, Guid GoalId, Guid PlanId, Period Period,
    OutcomeValues Outcome, string? Source, string? Comment, string RecordedBy, DateTimeOffset RecordedAt,
    int Version, bool Invented = false, decimal? FullYearForecast = null, IReadOnlyList<ScopeOutcomeData>? Scopes = null) : IGoalsEvent;

/// One scope's part of a per-scope outcome ("5,1 for RJH"): its value, the scope's target (Bound AtLeast|AtMost,
/// TargetValue, Unit; null when the target no longer has the scope) and Status (Green, Yellow, Red, NotMeasurable)
/// as the plan's rule judged the value against that target when the outcome was recorded.
public sealed record ScopeOutcomeData(string Scope, decimal Value, string Status, string? Bound, decimal? TargetValue, string? Unit);

/// The status of a goal for a period after a change of its outcome, its target or its manual assessment.
/// Status (in force) and ComputedStatus: Green, Yellow, Red or NotMeasurable. Basis is Computed (the rule) or
/// Manual (a person's assessment, which overrides the rule; then Analysis, AssessedBy and AssessedAt say who and why).
/// Version per goal and period grows with every change.
public sealed record GoalStatusAssessed(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, Guid GoalId, Guid PlanId, Period Period,
    string Status, string Basis, string ComputedStatus, string? Analysis, string? AssessedBy, DateTimeOffset AssessedAt,
    int Version) : IGoalsEvent;

/// An activity as it is after the change. Status: Planned, Ongoing, Delayed, Done or Cancelled (as set by a person;
/// an activity past its EndDate and not Done or Cancelled counts as delayed on a later date).
public sealed record ActivityState(
    Guid ActivityId, Guid GoalId, Guid PlanId, string Name, DateOnly? StartDate, DateOnly? EndDate, string Status,
    string? Comment, bool Removed, int Version);

public sealed record ActivityCreated(Guid EventId, string Tenant, DateTimeOffset OccurredAt, ActivityState Activity) : IGoalsEvent;

public sealed record ActivityStatusChanged(Guid EventId, string Tenant, DateTimeOffset OccurredAt, ActivityState Activity) : IGoalsEvent;

/// An indicator (no target, followed as a time series) and its outcome for a period; Version per indicator and period.
public sealed record IndicatorOutcomeRecorded(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, Guid IndicatorId, Guid PlanId, string IndicatorName,
    string? Unit, Period Period, OutcomeValues Outcome, string? Source, string? Comment, int Version) : IGoalsEvent;
