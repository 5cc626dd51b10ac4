using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Goals.Domain;

namespace Region.Goals.Events;

/// Builds the event-carried states of the goals events from the domain, the same way for live
/// changes and for snapshots, so a re-announced state has the version its live event had.
public static class GoalEventStates
{
    public static PlanState State(this Plan plan, PlanRevision revision) => new(
        plan.Id, plan.BodyCode, plan.Year, plan.Name, plan.CaseNumber, plan.DecisionReference, revision.Number,
        revision.Status.ToString(), revision.AdoptedOn, plan.YellowFromPercent, plan.Version, plan.Words);

    public static IReadOnlyList<GoalAreaData> Areas(this PlanContent content) =>
        content.GoalAreas.Select(a => new GoalAreaData(a.Code, a.Name, a.StrategyCode,
            content.Strategies.FirstOrDefault(s => s.Code == a.StrategyCode)?.Name)).ToList();

    /// Goal area code → name and assignment code → id, built once per revision for the states of all its goals.
    public static RevisionLookups Lookups(this PlanContent content) => new(
        content.GoalAreas.DistinctBy(a => a.Code, StringComparer.OrdinalIgnoreCase).ToDictionary(a => a.Code, a => a.Name, StringComparer.OrdinalIgnoreCase),
        content.Goals.Where(g => g.Kind == GoalKind.Assignment).DistinctBy(g => g.Code, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Code, g => g.Id, StringComparer.OrdinalIgnoreCase));

    public static GoalState State(this Plan plan, PlanRevision revision, Goal goal, RevisionLookups lookups, bool removed = false) => new(
        goal.Id, plan.Id, plan.BodyCode, plan.Year, revision.Number, goal.AreaCode,
        lookups.AreaNames.GetValueOrDefault(goal.AreaCode) ?? goal.AreaCode,
        goal.Kind.ToString(), goal.Name, goal.Description, goal.ResponsibleUnitCode, goal.IsFinancialGoal, goal.Target.Data(), removed, goal.Version,
        goal.AssignmentCode is { } a && lookups.AssignmentIds.TryGetValue(a, out var id) ? id : null);

    public static TargetData Data(this TargetSpec t) => new(
        t.Kind.ToString(), t.Bound?.ToString(), t.Value, t.Unit, t.BaselineYear, t.BaselineValue,
        (t.Scopes ?? []).Select(s => new ScopedTargetData(s.Scope, t.Bound?.ToString() ?? "", s.Value, s.Unit)).ToList(), t.Text);

    public static ActivityState State(this Plan plan, Goal goal, Activity activity, PlanProgress progress, bool removed = false)
    {
        var last = progress.LastActivityChange(activity.Id);
        return new ActivityState(activity.Id, goal.Id, plan.Id, activity.Name, activity.StartDate, activity.EndDate,
            (last?.Status ?? ActivityStatus.Planned).ToString(), last?.Comment, removed, activity.Version + progress.ActivityChanges(activity.Id));
    }

    /// status: the goal's status for the period with this outcome in force, whose scopes the event carries.
    public static GoalOutcomeRecorded Recorded(this GoalOutcome o, GoalPeriodStatus status, string tenant, DateTimeOffset at) => new(
        Guid.NewGuid(), tenant, at, o.GoalId, o.PlanId, o.Period, o.Values(),
        o.Source, o.Comment, o.RecordedBy, o.RecordedAt, o.Version, o.Invented, o.FullYearForecast,
        status.ScopeStatuses.Count == 0 ? null : status.ScopeStatuses.Select(Data).ToList());

    static ScopeOutcomeData Data(ScopeStatus s) =>
        new(s.Scope, s.Value, s.Status.Status.ToString(), s.Target is null ? null : s.Bound.ToString(), s.Target?.Value, s.Target?.Unit);

    public static GoalStatusAssessed Assessed(this GoalPeriodStatus s, Plan plan, Goal goal, Period period, string tenant, DateTimeOffset at) => new(
        Guid.NewGuid(), tenant, at, goal.Id, plan.Id, period, s.Status.ToString(), s.Manual ? "Manual" : "Computed",
        s.Computed.ToString(), s.Assessment?.Analysis, s.Assessment?.AssessedBy,
        s.Assessment?.AssessedAt ?? s.Outcome?.RecordedAt ?? at, s.Version);

    public static IndicatorOutcomeRecorded Recorded(this IndicatorOutcome o, Indicator indicator, string tenant, DateTimeOffset at) => new(
        Guid.NewGuid(), tenant, at, indicator.Id, o.PlanId, indicator.Name, indicator.Unit, o.Period,
        o.Values(), o.Source, o.Comment, o.Version);

    private static OutcomeValues Values(this RecordedOutcome o) => new(o.Total, o.Women, o.Men);
}

/// What the goal states of one revision look up: goal area names and the ids of its assignments, by code.
public sealed record RevisionLookups(IReadOnlyDictionary<string, string> AreaNames, IReadOnlyDictionary<string, Guid> AssignmentIds);
