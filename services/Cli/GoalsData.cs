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

    /// The words planners use in Swedish, accepted wherever a status is given.
    public static readonly IReadOnlyDictionary<string, GoalStatus> SwedishStatuses = new Dictionary<string, GoalStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["grön"] = GoalStatus.Green,
        ["gul"] = GoalStatus.Yellow,
        ["röd"] = GoalStatus.Red,
        ["ej-mätbar"] = GoalStatus.NotMeasurable,
    };

    /// "green (grön), yellow (gul), ...": the choices a --status help and error name.
    public static string StatusChoices => string.Join(", ", Statuses.Select(s => $"{s.Key} ({SwedishStatuses.First(x => x.Value == s.Value).Key})"));

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
