namespace Region.Cli;

/// Follow-up of a plan (kind: goal-outcomes): goal outcomes per period, manual assessments and
/// activity status changes, e.g. demo-data/rs-2022/goal-outcomes-2022.invented.yaml.
public sealed record GoalOutcomesFile : IGoalsDataFile
{
    public string? Kind { get; init; }
    public string? Source { get; init; }
    /// Must be true for made-up figures: the report says so.
    public bool Invented { get; init; }
    public string? Body { get; init; }
    public int Year { get; init; }
    public List<OutcomeSpec>? Outcomes { get; init; }
    public List<AssessmentSpec>? Assessments { get; init; }
    public List<ActivityStatusSpec>? Activities { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var p = new List<string>();
        if (string.IsNullOrWhiteSpace(Body)) p.Add("body: missing (e.g. RS).");
        if (Year is < 2000 or > 2100) p.Add($"year: {Year} is not a year from 2000 to 2100.");
        if ((Outcomes?.Count ?? 0) + (Assessments?.Count ?? 0) + (Activities?.Count ?? 0) == 0) p.Add("outcomes: the file records nothing.");
        var outcomes = new HashSet<(string, string)>();
        for (var i = 0; i < (Outcomes?.Count ?? 0); i++)
        {
            var o = Outcomes![i];
            var path = $"outcomes[{i}]";
            CheckGoalAndPeriod(o.Goal, o.Period, path, p);
            if (!outcomes.Add((o.Goal?.ToUpperInvariant() ?? "", o.Period ?? ""))) p.Add($"{path}: {o.Goal} {o.Period} is listed twice.");
            GoalsData.CheckValue(o.Value, $"{path}.value", p, required: o.Women is null && o.Men is null && (o.Scopes?.Count ?? 0) == 0);
            foreach (var (scope, value) in o.Scopes ?? []) GoalsData.CheckValue(value, $"{path}.scopes.{scope}", p, required: true);
            GoalsData.CheckValue(o.Women, $"{path}.women", p);
            GoalsData.CheckValue(o.Men, $"{path}.men", p);
            GoalsData.CheckValue(o.Forecast, $"{path}.forecast", p);
        }
        var assessments = new HashSet<(string, string)>();
        for (var i = 0; i < (Assessments?.Count ?? 0); i++)
        {
            var a = Assessments![i];
            var path = $"assessments[{i}]";
            CheckGoalAndPeriod(a.Goal, a.Period, path, p);
            if (!assessments.Add((a.Goal?.ToUpperInvariant() ?? "", a.Period ?? ""))) p.Add($"{path}: {a.Goal} {a.Period} is listed twice.");
            if (a.Status is null || !GoalsData.Statuses.ContainsKey(a.Status)) p.Add($"{path}.status: '{a.Status}' is not one of {string.Join(", ", GoalsData.Statuses.Keys)}.");
            if (string.IsNullOrWhiteSpace(a.Analysis)) p.Add($"{path}.analysis: missing (why, and what is done about it).");
        }
        var activities = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (Activities?.Count ?? 0); i++)
        {
            var a = Activities![i];
            var path = $"activities[{i}]";
            if (string.IsNullOrWhiteSpace(a.Activity)) p.Add($"{path}.activity: missing.");
            else if (!activities.Add(a.Activity)) p.Add($"{path}.activity: {a.Activity} is listed twice.");
            if (a.Status is null || !GoalsData.ActivityStatuses.ContainsKey(a.Status)) p.Add($"{path}.status: '{a.Status}' is not one of {string.Join(", ", GoalsData.ActivityStatuses.Keys)}.");
        }
        return p;
    }

    private static void CheckGoalAndPeriod(string? goal, string? period, string path, List<string> p)
    {
        if (string.IsNullOrWhiteSpace(goal)) p.Add($"{path}.goal: missing.");
        if (PeriodArgument.Parse(period) is null) p.Add($"{path}.period: '{period}' is not {PeriodArgument.Help}.");
    }
}

public sealed record OutcomeSpec
{
    public string? Goal { get; init; }
    public string? Period { get; init; }
    public string? Value { get; init; }
    public string? Women { get; init; }
    public string? Men { get; init; }
    /// The full-year forecast (helårsprognos) recorded with the outcome, for a tertial or month.
    public string? Forecast { get; init; }
    /// For a goal with a target per scope, a value per scope of the target: { RJH: 5.1, RS: 4.2 }.
    public Dictionary<string, string?>? Scopes { get; init; }
    public string? Source { get; init; }
    public string? Comment { get; init; }
}

public sealed record AssessmentSpec
{
    public string? Goal { get; init; }
    public string? Period { get; init; }
    public string? Status { get; init; }
    public string? Analysis { get; init; }
}

public sealed record ActivityStatusSpec
{
    public string? Activity { get; init; }
    public string? Status { get; init; }
    public string? Comment { get; init; }
}
