using System.Globalization;
using Region.Goals.V1;

namespace Region.Cli;

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
    /// The plan's words for its levels and statuses; left out, the default (uppdrag / mål by colour).
    public VocabularySpec? Vocabulary { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var p = new List<string>();
        if (string.IsNullOrWhiteSpace(Body)) p.Add("body: missing (e.g. RS).");
        if (Year is < 2000 or > 2100) p.Add($"year: {Year} is not a year from 2000 to 2100.");
        if (string.IsNullOrWhiteSpace(Name)) p.Add("name: missing.");
        if (AdoptedOn is { } on && !DateOnly.TryParseExact(on, "yyyy-MM-dd", out _)) p.Add($"adopted_on: '{on}' is not a date (YYYY-MM-DD).");
        GoalsData.CheckValue(YellowFromPercent, "yellow_from_percent", p);
        Vocabulary?.Validate(p);
        if (Goals is null || Goals.Count == 0) p.Add("goals: list the plan's goals.");
        GoalsData.CheckCodes(Strategies, s => s.Code, "strategies", p);
        GoalsData.CheckCodes(GoalAreas, a => a.Code, "goal_areas", p);
        GoalsData.CheckCodes(Goals, g => g.Code, "goals", p);
        GoalsData.CheckCodes(Indicators, i => i.Code, "indicators", p);
        var areas = (GoalAreas ?? []).Select(a => a.Code).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var activities = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var assignments = (Goals ?? []).Where(g => g.Kind == "assignment").Select(g => g.Code).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (Goals?.Count ?? 0); i++)
        {
            var g = Goals![i];
            var path = $"goals[{i}]";
            if (string.IsNullOrWhiteSpace(g.Name)) p.Add($"{path}.name: missing.");
            if (g.Area is null || !areas.Contains(g.Area)) p.Add($"{path}.area: '{g.Area}' is not one of goal_areas.");
            if (string.IsNullOrWhiteSpace(g.Target)) p.Add($"{path}.target: missing (the plan's target text).");
            if (g.Kind is not (null or "goal" or "assignment")) p.Add($"{path}.kind: '{g.Kind}' is not goal or assignment.");
            if (g.Bound is not (null or "at-least" or "at-most")) p.Add($"{path}.bound: '{g.Bound}' is not at-least or at-most.");
            if (g.Assignment is { } under && (g.Kind == "assignment" || !assignments.Contains(under)))
                p.Add($"{path}.assignment: '{under}' is not the code of an assignment (kind: assignment) of this file; an assignment sits under none.");
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
            Vocabulary = Vocabulary?.ToProto(),
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
    /// The code of the assignment (kind: assignment) this goal sits under, if any.
    public string? Assignment { get; init; }
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
            Description = Description ?? "", ResponsibleUnitCode = Unit ?? "", IsFinancialGoal = Financial, AssignmentCode = Assignment ?? "",
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
