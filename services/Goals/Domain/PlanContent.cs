using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Goals.Domain;

/// What a plan revision says: strategies → goal areas → goals (with targets and activities), and indicators.
/// Codes are held as Input.Code gives them and compared without regard to case; the rules on what the
/// content may hold are in PlanContent.Validation.cs.
public sealed partial record PlanContent(
    IReadOnlyList<Strategy> Strategies, IReadOnlyList<GoalArea> GoalAreas, IReadOnlyList<Goal> Goals, IReadOnlyList<Indicator> Indicators)
{
    public static readonly PlanContent Empty = new([], [], [], []);

    public Goal? FindGoal(string code) => Goals.FirstOrDefault(g => Same(g.Code, code));
    public Strategy? FindStrategy(string code) => Strategies.FirstOrDefault(s => Same(s.Code, code));
    public GoalArea? FindGoalArea(string code) => GoalAreas.FirstOrDefault(a => Same(a.Code, code));
    public Indicator? FindIndicator(string code) => Indicators.FirstOrDefault(i => Same(i.Code, code));

    public IReadOnlySet<string> StrategyCodes => Strategies.Select(s => s.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
    public IReadOnlySet<string> GoalAreaCodes => GoalAreas.Select(a => a.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// The goals that sit under the assignment (none for a goal that is no assignment).
    public IEnumerable<Goal> GoalsUnder(Goal assignment) =>
        assignment.Kind == GoalKind.Assignment ? Goals.Where(g => g.Id != assignment.Id && Same(g.AssignmentCode, assignment.Code)) : [];

    public IEnumerable<(Goal Goal, Activity Activity)> Activities => Goals.SelectMany(g => g.Activities.Select(a => (g, a)));

    // ---------- Draft edits (the caller checks that the revision is a draft and validates the item) ----------

    /// Adds the goal, or replaces the one with its id as its next version (a goal read with a code the
    /// draft has carries that goal's id).
    public PlanContent Put(Goal goal) => this with
    {
        Goals = Goals.Any(g => g.Id == goal.Id)
            ? Goals.Select(g => g.Id == goal.Id ? goal with { Version = g.Version + 1 } : g).ToList()
            : [.. Goals, goal],
    };

    /// Adds the strategy or replaces the one with its code.
    public PlanContent Put(Strategy s) => this with { Strategies = Put(Strategies, s, x => x.Code) };

    public PlanContent Put(GoalArea a) => this with { GoalAreas = Put(GoalAreas, a, x => x.Code) };

    /// A replaced indicator keeps its id, since its outcomes refer to it.
    public PlanContent Put(Indicator i) =>
        this with { Indicators = Put(Indicators, FindIndicator(i.Code) is { } was ? i with { Id = was.Id } : i, x => x.Code) };

    /// Refused while goals sit under it (an assignment).
    public PlanContent RemoveGoal(string code)
    {
        var goal = FindGoal(code) ?? throw new NotFoundException($"The revision has no goal {Input.Quote(code)}.");
        RefuseWhileUsed($"assignment {goal.Code}", GoalsUnder(goal).Select(g => $"goal {g.Code}"));
        return this with { Goals = Goals.Where(g => g.Id != goal.Id).ToList() };
    }

    /// Refused while a goal area points at the strategy.
    public PlanContent RemoveStrategy(string code)
    {
        var strategy = FindStrategy(code) ?? throw new NotFoundException($"The revision has no strategy {Input.Quote(code)}.");
        RefuseWhileUsed($"strategy {strategy.Code}", GoalAreas.Where(a => Same(a.StrategyCode, strategy.Code)).Select(a => $"goal area {a.Code}"));
        return this with { Strategies = Strategies.Where(s => s != strategy).ToList() };
    }

    /// Refused while a goal or an indicator is in the area.
    public PlanContent RemoveGoalArea(string code)
    {
        var area = FindGoalArea(code) ?? throw new NotFoundException($"The revision has no goal area {Input.Quote(code)}.");
        RefuseWhileUsed($"goal area {area.Code}",
            Goals.Where(g => Same(g.AreaCode, area.Code)).Select(g => $"goal {g.Code}")
                .Concat(Indicators.Where(i => Same(i.AreaCode, area.Code)).Select(i => $"indicator {i.Code}")));
        return this with { GoalAreas = GoalAreas.Where(a => a != area).ToList() };
    }

    public PlanContent RemoveIndicator(string code)
    {
        var indicator = FindIndicator(code) ?? throw new NotFoundException($"The revision has no indicator {Input.Quote(code)}.");
        return this with { Indicators = Indicators.Where(i => i.Id != indicator.Id).ToList() };
    }

    /// Names the first users only: an area of a region-sized plan may hold thousands of goals.
    private static void RefuseWhileUsed(string what, IEnumerable<string> users)
    {
        var list = users.ToList();
        if (list.Count == 0) return;
        var named = string.Join(", ", list.Take(10)) + (list.Count > 10 ? $" and {list.Count - 10} more" : "");
        throw new FailedPreconditionException($"The {what} is still used by {named}; move or remove those first.");
    }

    /// Replaces the item with the same code in place, or appends it.
    private static List<T> Put<T>(IReadOnlyList<T> items, T item, Func<T, string> code)
    {
        var list = items.ToList();
        var at = list.FindIndex(x => Same(code(x), code(item)));
        if (at < 0) list.Add(item);
        else list[at] = item;
        return list;
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
