using Region.Contracts.Periods;

namespace Region.Goals.Domain;

/// A goal's status for a period: the one in force (a manual assessment overrides the rule) and the rule's.
public sealed record GoalPeriodStatus(GoalStatus Status, GoalStatus Computed, GoalOutcome? Outcome, GoalAssessment? Assessment)
{
    public bool Manual => Assessment is not null;

    /// Grows with every outcome or assessment of the goal and period: the version of its status event.
    public int Version => (Outcome?.Version ?? 0) + (Assessment?.Version ?? 0);
}

/// The follow-up of one plan held in memory (a plan has tens of goals, not thousands): the newest
/// outcome, assessment and activity status of each goal/activity and period.
public sealed class PlanFollowUp(
    GoalStatusRule rule, IEnumerable<GoalOutcome> outcomes, IEnumerable<GoalAssessment> assessments, IEnumerable<ActivityStatusChange> activityChanges)
{
    private readonly Dictionary<(Guid, Period), GoalOutcome> _outcomes = outcomes
        .GroupBy(o => (o.GoalId, o.Period)).ToDictionary(g => g.Key, g => g.MaxBy(o => o.Version)!);
    private readonly Dictionary<(Guid, Period), GoalAssessment> _assessments = assessments
        .GroupBy(a => (a.GoalId, a.Period)).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Version)!);
    private readonly Dictionary<Guid, ActivityStatusChange> _activities = activityChanges
        .GroupBy(a => a.ActivityId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Version)!);

    public GoalOutcome? Outcome(Guid goalId, Period period) => _outcomes.GetValueOrDefault((goalId, period));

    public GoalAssessment? Assessment(Guid goalId, Period period) => _assessments.GetValueOrDefault((goalId, period));

    public IEnumerable<(Guid GoalId, Period Period)> GoalPeriods => _outcomes.Keys.Union(_assessments.Keys);

    public GoalPeriodStatus Status(Goal goal, Period period)
    {
        var outcome = Outcome(goal.Id, period);
        var assessment = Assessment(goal.Id, period);
        var target = goal.Target.ToTarget();
        // "Higher than 2021" is measured against the 2021 outcome; a change target without a baseline value too.
        var baselineYear = goal.Target.BaselineYear;
        var baseline = baselineYear is { } y && Period.TryCreate(y, PeriodKind.Year, 0) is { } year ? Outcome(goal.Id, year)?.Total : null;
        // Assignments are assessed by a person, never by the rule.
        var computed = goal.Kind == GoalKind.Assignment ? GoalStatus.NotMeasurable : rule.Evaluate(target, outcome?.Total, baseline);
        return new GoalPeriodStatus(assessment?.Status ?? computed, computed, outcome, assessment);
    }

    public ActivityStatusChange? LastActivityChange(Guid activityId) => _activities.GetValueOrDefault(activityId);

    public ActivityStatus RecordedStatus(Guid activityId) => LastActivityChange(activityId)?.Status ?? ActivityStatus.Planned;

    /// Its number of status changes, so the activity's event version grows with each one.
    public int ActivityChanges(Guid activityId) => LastActivityChange(activityId)?.Version ?? 0;

    public ActivityStatus ActivityStatusOn(Activity activity, DateOnly date) =>
        ActivityStatusRule.On(RecordedStatus(activity.Id), activity.EndDate, date);
}
