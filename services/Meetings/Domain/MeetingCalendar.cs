using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Tenancy;

namespace Region.Meetings.Domain;

/// Sammanträdesplanering: a body's meetings for one year.
public sealed class MeetingCalendar : ITenantOwned
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;
    public const int MaxBodyCodeLength = 32;
    public const int MaxNameLength = 200;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string BodyCode { get; init; }
    public int Year { get; init; }
    public string Name { get; set; } = "";

    public static bool IsValidYear(int year) => year is >= FirstYear and <= LastYear;

    public static void Validate(string bodyCode, int year, string? name, Violations v)
    {
        v.Check(!string.IsNullOrWhiteSpace(bodyCode) && bodyCode.Length <= MaxBodyCodeLength, "body_code",
            $"A body code (at most {MaxBodyCodeLength} characters) is required, e.g. RS.");
        v.Check(IsValidYear(year), "year", $"A year between {FirstYear} and {LastYear}.");
        v.Check((name ?? "").Length <= MaxNameLength, "name", $"At most {MaxNameLength} characters.");
    }

    /// Two meetings of a calendar that share a day (cancelled ones excepted), as violations on the later one.
    public static IEnumerable<(int Index, string Description)> Overlaps(IReadOnlyList<(DateOnly Start, DateOnly End)> meetings)
    {
        for (var i = 0; i < meetings.Count; i++)
            for (var j = 0; j < i; j++)
                if (meetings[i].Start <= meetings[j].End && meetings[j].Start <= meetings[i].End)
                    yield return (i, $"Shares a day with the meeting on {meetings[j].Start:yyyy-MM-dd}.");
    }
}
