using Region.Contracts.Periods;

namespace Region.Goals.Domain;

/// What has been recorded about how one plan is going, held in memory (a plan has tens of goals, not
/// thousands): every outcome, assessment and activity status change, with its history. Statuses and a
/// goal's follow-up for a period are read from it. A recording adds its new row here too, so one
/// load serves a whole call: the status and the response see the row before it is saved.
public sealed class PlanProgress
{
    private readonly Guid _planId;
    private readonly GoalStatusRule _rule;
    // Each history newest first: a recording always adds the next version, so it goes in front.
    private readonly Dictionary<(Guid, Period), List<GoalOutcome>> _outcomes;
    private readonly Dictionary<(Guid, Period), List<GoalAssessment>> _assessments;
    private readonly Dictionary<Guid, List<ActivityStatusChange>> _activities;

    public PlanProgress(Plan plan, IEnumerable<GoalOutcome> outcomes, IEnumerable<GoalAssessment> assessments, IEnumerable<ActivityStatusChange> activityChanges)
    {
        _planId = plan.Id;
        _rule = plan.Rule;
        _outcomes = NewestFirst(outcomes, o => (o.GoalId, o.Period), o => o.Version);
        _assessments = NewestFirst(assessments, a => (a.GoalId, a.Period), a => a.Version);
        _activities = NewestFirst(activityChanges, a => a.ActivityId, a => a.Version);
    }

    /// A plan nothing has been recorded for yet.
    public static PlanProgress None(Plan plan) => new(plan, [], [], []);

    public GoalOutcome? Outcome(Guid goalId, Period period) => OutcomeHistory(goalId, period).FirstOrDefault();

    public IReadOnlyList<GoalOutcome> OutcomeHistory(Guid goalId, Period period) => _outcomes.GetValueOrDefault((goalId, period)) ?? [];

    public GoalAssessment? Assessment(Guid goalId, Period period) => AssessmentHistory(goalId, period).FirstOrDefault();

    public IReadOnlyList<GoalAssessment> AssessmentHistory(Guid goalId, Period period) => _assessments.GetValueOrDefault((goalId, period)) ?? [];

    /// The version of the outcome in force (0: none yet): its etag.
    public int OutcomeVersion(Guid goalId, Period period) => Outcome(goalId, period)?.Version ?? 0;

    /// The version of the assessment in force (0: none yet): its etag.
    public int AssessmentVersion(Guid goalId, Period period) => Assessment(goalId, period)?.Version ?? 0;

    /// Every goal and period with an outcome or an assessment.
    public IEnumerable<(Guid GoalId, Period Period)> GoalPeriods => _outcomes.Keys.Union(_assessments.Keys);

    public GoalPeriodStatus Status(Goal goal, Period period)
    {
        var outcome = Outcome(goal.Id, period);
        var assessment = Assessment(goal.Id, period);
        var target = goal.Target.ToTarget();
        // "Higher than 2021" is measured against the 2021 outcome; a change target without a baseline value too.
        var baselineYear = goal.Target.BaselineYear;
        var baseline = baselineYear is { } y && Period.TryCreate(y, PeriodKind.Year, 0) is { } year ? Outcome(goal.Id, year)?.Total : null;
        // An outcome per scope is judged per scope; one with only a total (or recorded before the target
        // was per scope) keeps being judged on its total.
        IReadOnlyList<ScopeStatus> scopes = target is PerScopeTarget perScope && outcome?.Scopes is { Count: > 0 } values ? _rule.JudgeScopes(perScope, values) : [];
        // Assignments are assessed by a person, never by the rule.
        var computed = goal.Kind == GoalKind.Assignment
            ? ComputedStatus.NotMeasurable("An assignment is assessed by a person.")
            : scopes.Count > 0 ? GoalStatusRule.Worst(scopes) : _rule.Compute(target, outcome?.Total, baseline);
        return new GoalPeriodStatus(assessment?.Status ?? computed.Status, computed.Status, outcome, assessment, computed.Reason, scopes);
    }

    public ActivityStatusChange? LastActivityChange(Guid activityId) => _activities.GetValueOrDefault(activityId)?.FirstOrDefault();

    public ActivityStatus RecordedStatus(Guid activityId) => LastActivityChange(activityId)?.Status ?? ActivityStatus.Planned;

    /// Its number of status changes (0: none yet): the etag of its status, and what its event version grows with.
    public int ActivityChanges(Guid activityId) => LastActivityChange(activityId)?.Version ?? 0;

    public ActivityStatus ActivityStatusOn(Activity activity, DateOnly date) =>
        ActivityStatusRule.On(RecordedStatus(activity.Id), activity.EndDate, date);

    /// Records the next version of the goal's outcome for the period; the caller saves the returned row.
    /// scopes: checked by ScopeOutcomes.Check, in the target's order; without a total the first scope's
    /// value (the one the target lists first, the whole region in the seed) is the total, so views and
    /// series that show one figure per period keep showing the one they showed before.
    public GoalOutcome RecordOutcome(Goal goal, Period period, OutcomeFigures figures, string? source, string? comment, string by, DateTimeOffset at,
        bool invented = false, decimal? fullYearForecast = null, IReadOnlyList<ScopeOutcome>? scopes = null)
    {
        var outcome = new GoalOutcome
        {
            PlanId = _planId, GoalId = goal.Id, Year = period.Year, PeriodKind = period.Kind, PeriodNumber = period.Number,
            Total = figures.TotalOrSum ?? scopes?.FirstOrDefault()?.Value, Women = figures.Women, Men = figures.Men, Source = source, Comment = comment,
            RecordedBy = by, RecordedAt = at, Version = OutcomeVersion(goal.Id, period) + 1, Invented = invented, FullYearForecast = fullYearForecast,
            Scopes = scopes is { Count: > 0 } ? scopes : null,
        };
        AddNewest(_outcomes, (goal.Id, period), outcome);
        return outcome;
    }

    /// Records the next version of a person's assessment of the goal for the period.
    public GoalAssessment Assess(Goal goal, Period period, GoalStatus status, string analysis, string by, DateTimeOffset at)
    {
        var assessment = new GoalAssessment
        {
            PlanId = _planId, GoalId = goal.Id, Year = period.Year, PeriodKind = period.Kind, PeriodNumber = period.Number,
            Status = status, Analysis = analysis, AssessedBy = by, AssessedAt = at, Version = AssessmentVersion(goal.Id, period) + 1,
        };
        AddNewest(_assessments, (goal.Id, period), assessment);
        return assessment;
    }

    /// Records a change of the activity's status.
    public ActivityStatusChange ChangeActivityStatus(Activity activity, ActivityStatus status, string? comment, string by, DateTimeOffset at)
    {
        var change = new ActivityStatusChange
        {
            PlanId = _planId, ActivityId = activity.Id, Status = status, Comment = comment, ChangedBy = by, ChangedAt = at,
            Version = ActivityChanges(activity.Id) + 1,
        };
        AddNewest(_activities, activity.Id, change);
        return change;
    }

    private static Dictionary<TKey, List<T>> NewestFirst<T, TKey>(IEnumerable<T> rows, Func<T, TKey> key, Func<T, int> version) where TKey : notnull =>
        rows.GroupBy(key).ToDictionary(g => g.Key, g => g.OrderByDescending(version).ToList());

    private static void AddNewest<T, TKey>(Dictionary<TKey, List<T>> histories, TKey key, T row) where TKey : notnull
    {
        if (!histories.TryGetValue(key, out var history)) histories[key] = history = [];
        history.Insert(0, row);
    }
}
