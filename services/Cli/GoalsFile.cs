using System.Globalization;
using Region.Goals.V1;

namespace Region.Cli;

/// A data file that checks itself as a whole before anything is sent.
public interface IGoalsDataFile
{
    IReadOnlyList<string> Validate();
}

/// Reads the goals service's data files (kind: goals, goal-outcomes) and the texts they and the
/// goal commands share: statuses, decimal values.
public static class GoalsData
{
    public static T Load<T>(string path) where T : class, IGoalsDataFile => DataFile.Load<T>(path, f => f.Validate());

    public static readonly IReadOnlyDictionary<string, GoalStatus> Statuses = new Dictionary<string, GoalStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["green"] = GoalStatus.Green,
        ["yellow"] = GoalStatus.Yellow,
        ["red"] = GoalStatus.Red,
        ["not-measurable"] = GoalStatus.NotMeasurable,
    };

    public static string StatusName(GoalStatus status) => Statuses.FirstOrDefault(s => s.Value == status).Key ?? "–";

    public static readonly IReadOnlyDictionary<string, ActivityStatus> ActivityStatuses = new Dictionary<string, ActivityStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["planned"] = ActivityStatus.Planned,
        ["ongoing"] = ActivityStatus.Ongoing,
        ["delayed"] = ActivityStatus.Delayed,
        ["done"] = ActivityStatus.Done,
        ["cancelled"] = ActivityStatus.Cancelled,
    };

    /// Values go to the service as strings with a dot; a file or option may use a decimal comma too.
    public static string? Value(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : decimal.TryParse(text.Trim().Replace(',', '.').Replace(" ", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value.ToString(CultureInfo.InvariantCulture)
            : null;

    internal static void CheckValue(string? text, string path, List<string> p, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(text)) { if (required) p.Add($"{path}: missing."); }
        else if (Value(text) is null) p.Add($"{path}: '{text}' is not a number.");
    }

    internal static void CheckCodes<T>(IReadOnlyList<T>? items, Func<T, string?> code, string path, List<string> p)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var c = code(items![i]);
            if (string.IsNullOrWhiteSpace(c)) p.Add($"{path}[{i}].code: missing.");
            else if (!seen.Add(c)) p.Add($"{path}[{i}].code: {c} is listed twice.");
        }
    }
}

/// A plan with its goals (kind: goals), e.g. demo-data/rs-2022/goals.yaml: loaded with ImportPlan in
/// one request and adopted, as the plan was decided.
public sealed record GoalsPlanFile : IGoalsDataFile
{
    public string? Kind { get; init; }
    public string? Body { get; init; }
    public int Year { get; init; }
    public string? Name { get; init; }
    public string? CaseNumber { get; init; }
    public string? DecisionReference { get; init; }
    public string? AdoptedOn { get; init; }
    public string? YellowFromPercent { get; init; }
    public List<CodeName>? Strategies { get; init; }
    public List<GoalAreaSpec>? GoalAreas { get; init; }
    public List<GoalSpec>? Goals { get; init; }
    public List<IndicatorSpec>? Indicators { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var p = new List<string>();
        if (string.IsNullOrWhiteSpace(Body)) p.Add("body: missing (e.g. RS).");
        if (Year is < 2000 or > 2100) p.Add($"year: {Year} is not a year from 2000 to 2100.");
        if (string.IsNullOrWhiteSpace(Name)) p.Add("name: missing.");
        if (AdoptedOn is { } on && !DateOnly.TryParseExact(on, "yyyy-MM-dd", out _)) p.Add($"adopted_on: '{on}' is not a date (YYYY-MM-DD).");
        GoalsData.CheckValue(YellowFromPercent, "yellow_from_percent", p);
        if (Goals is null || Goals.Count == 0) p.Add("goals: list the plan's goals.");
        GoalsData.CheckCodes(Strategies, s => s.Code, "strategies", p);
        GoalsData.CheckCodes(GoalAreas, a => a.Code, "goal_areas", p);
        GoalsData.CheckCodes(Goals, g => g.Code, "goals", p);
        GoalsData.CheckCodes(Indicators, i => i.Code, "indicators", p);
        var areas = (GoalAreas ?? []).Select(a => a.Code).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var activities = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (Goals?.Count ?? 0); i++)
        {
            var g = Goals![i];
            var path = $"goals[{i}]";
            if (string.IsNullOrWhiteSpace(g.Name)) p.Add($"{path}.name: missing.");
            if (g.Area is null || !areas.Contains(g.Area)) p.Add($"{path}.area: '{g.Area}' is not one of goal_areas.");
            if (string.IsNullOrWhiteSpace(g.Target)) p.Add($"{path}.target: missing (the plan's target text).");
            if (g.Kind is not (null or "goal" or "assignment")) p.Add($"{path}.kind: '{g.Kind}' is not goal or assignment.");
            if (g.Bound is not (null or "at-least" or "at-most")) p.Add($"{path}.bound: '{g.Bound}' is not at-least or at-most.");
            for (var j = 0; j < (g.Activities?.Count ?? 0); j++)
            {
                var a = g.Activities![j];
                if (string.IsNullOrWhiteSpace(a.Code) || !activities.Add(a.Code)) p.Add($"{path}.activities[{j}].code: missing or listed twice.");
                if (string.IsNullOrWhiteSpace(a.Name)) p.Add($"{path}.activities[{j}].name: missing.");
            }
        }
        return p;
    }

    public ImportPlanRequest ToRequest()
    {
        var request = new ImportPlanRequest
        {
            BodyCode = Body!.Trim(), Year = Year, Name = Name!.Trim(), CaseNumber = CaseNumber ?? "", DecisionReference = DecisionReference ?? "",
            YellowFromPercent = GoalsData.Value(YellowFromPercent) ?? "", Adopt = true, AdoptedOn = AdoptedOn ?? "",
        };
        request.Strategies.AddRange((Strategies ?? []).Select(s => new Strategy { Code = s.Code!, Name = s.Name ?? "" }));
        request.GoalAreas.AddRange((GoalAreas ?? []).Select(a => new GoalArea { Code = a.Code!, Name = a.Name ?? "", StrategyCode = a.Strategy ?? "" }));
        request.Goals.AddRange(Goals!.Select(g => g.ToProto()));
        request.Indicators.AddRange((Indicators ?? []).Select(i => new Indicator
        {
            Code = i.Code!, Name = i.Name ?? "", GoalAreaCode = i.Area ?? "", Unit = i.Unit ?? "", Description = i.Description ?? "",
        }));
        return request;
    }
}

public sealed record CodeName
{
    public string? Code { get; init; }
    public string? Name { get; init; }
}

public sealed record GoalAreaSpec
{
    public string? Code { get; init; }
    public string? Name { get; init; }
    public string? Strategy { get; init; }
}

public sealed record GoalSpec
{
    public string? Code { get; init; }
    public string? Area { get; init; }
    /// goal (default) or assignment.
    public string? Kind { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Unit { get; init; }
    public bool Financial { get; init; }
    /// The target text as the plan prints it; the service types it.
    public string? Target { get; init; }
    /// at-least or at-most, where the target text leaves the direction out.
    public string? Bound { get; init; }
    public BaselineSpec? Baseline { get; init; }
    public List<ActivitySpec>? Activities { get; init; }

    public Goal ToProto()
    {
        var goal = new Goal
        {
            Code = Code!, GoalAreaCode = Area!, Kind = Kind == "assignment" ? GoalKind.Assignment : GoalKind.Goal, Name = Name!,
            Description = Description ?? "", ResponsibleUnitCode = Unit ?? "", IsFinancialGoal = Financial,
            Target = new Target
            {
                Text = Target!,
                Bound = Bound switch { "at-least" => Region.Goals.V1.Bound.AtLeast, "at-most" => Region.Goals.V1.Bound.AtMost, _ => Region.Goals.V1.Bound.Unspecified },
                BaselineYear = Baseline?.Year ?? 0,
                BaselineValue = Baseline?.Value?.ToString(CultureInfo.InvariantCulture) ?? "",
                Unit = Baseline?.Unit ?? "",
            },
        };
        goal.Activities.AddRange((Activities ?? []).Select(a => new Activity
        {
            Code = a.Code!, Name = a.Name!, Description = a.Description ?? "", StartDate = a.Start ?? "", EndDate = a.End ?? "",
        }));
        return goal;
    }
}

public sealed record BaselineSpec
{
    public int Year { get; init; }
    public decimal? Value { get; init; }
    public string? Unit { get; init; }
}

public sealed record ActivitySpec
{
    public string? Code { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Start { get; init; }
    public string? End { get; init; }
}

public sealed record IndicatorSpec
{
    public string? Code { get; init; }
    public string? Area { get; init; }
    public string? Unit { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
}

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
            GoalsData.CheckValue(o.Value, $"{path}.value", p, required: o.Women is null && o.Men is null);
            GoalsData.CheckValue(o.Women, $"{path}.women", p);
            GoalsData.CheckValue(o.Men, $"{path}.men", p);
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
