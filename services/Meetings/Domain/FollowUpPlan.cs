using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Meetings.Domain;

/// How often an area must be followed up in the year.
public enum FollowUpFrequency
{
    Once = 1,
    Twice = 2,
    PerTertial = 3,
}

public sealed record FollowUpAreaRule(string Name, FollowUpFrequency Frequency)
{
    public int RequiredCount => Frequency switch
    {
        FollowUpFrequency.Once => 1,
        FollowUpFrequency.Twice => 2,
        _ => 3,
    };
}

/// Uppföljningsplan: the areas a body must follow up during a year, and how often.
public sealed class FollowUpPlan : ITenantOwned
{
    public const int MaxAreaNameLength = 200;
    public const int MaxAreas = 200;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid CalendarId { get; init; }
    public List<FollowUpAreaRule> Areas { get; private set; } = [];
    public int Version { get; set; } = 1;

    /// The version a calendar without a plan shows, and a caller sends to set the first plan.
    public const int NoPlanVersion = 0;

    public static FollowUpPlan For(Guid calendarId, IReadOnlyList<FollowUpAreaRule> areas) =>
        new() { CalendarId = calendarId, Areas = areas.ToList() };

    public void Replace(IReadOnlyList<FollowUpAreaRule> areas)
    {
        Areas = areas.ToList();
        Version++;
    }

    /// Every violation of a plan as sent: named, unique areas with a frequency. A null frequency is
    /// unspecified. A plan set on its own has an area; one imported with its calendar may have none.
    public static IReadOnlyList<FollowUpAreaRule> Validate(IReadOnlyList<(string Name, FollowUpFrequency? Frequency)> areas, string field, Violations v,
        bool atLeastOne = false)
    {
        if (!v.Check(areas.Count <= MaxAreas, field, $"At most {MaxAreas} areas (got {areas.Count}).")) return [];
        if (atLeastOne) v.Check(areas.Count > 0, field, "A plan has at least one area.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rules = new List<FollowUpAreaRule>();
        for (var i = 0; i < areas.Count; i++)
        {
            var (name, frequency) = areas[i];
            var named = Input.CheckText(name, $"{field}[{i}].name", MaxAreaNameLength, v, required: true);
            if (named) named = v.Check(seen.Add(name.Trim()), $"{field}[{i}].name", $"{Input.Quote(name.Trim())} is in the plan twice.");
            var often = v.Check(frequency is not null, $"{field}[{i}].frequency", "Say how often: once, twice or per tertial.");
            if (named && often) rules.Add(new FollowUpAreaRule(name.Trim(), frequency!.Value));
        }
        return rules;
    }
}
