using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Meetings.Domain;

/// Sammanträdesplanering: a body's meetings for one year.
public sealed class MeetingCalendar : ITenantOwned
{
    public const int MaxBodyCodeLength = 32;
    public const int MaxNameLength = 200;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string BodyCode { get; init; }
    public int Year { get; init; }
    public string Name { get; set; } = "";

    /// A new, empty calendar of a body and year the caller validated.
    public static MeetingCalendar Create(string bodyCode, int year, string name) =>
        new() { BodyCode = bodyCode.Trim(), Year = year, Name = name.Trim() };

    public static void Validate(string bodyCode, int year, string? name, Violations v)
    {
        v.Check(!string.IsNullOrWhiteSpace(bodyCode) && bodyCode.Length <= MaxBodyCodeLength, "body_code",
            $"A body code (at most {MaxBodyCodeLength} characters) is required, e.g. RS.");
        Input.CheckYear(year, "year", v);
        v.Check((name ?? "").Length <= MaxNameLength, "name", $"At most {MaxNameLength} characters.");
    }

    /// Every violation of a year's meetings sent together: each meeting, and two that share a day.
    public static void ValidateMeetings(IReadOnlyList<MeetingDraft> drafts, int year, Violations v)
    {
        for (var i = 0; i < drafts.Count; i++) Meeting.Validate(drafts[i], year, $"meetings[{i}].", v);
        var dated = drafts.Select((d, i) => (Draft: d, Index: i)).Where(x => x.Draft.StartDate is not null).ToList();
        foreach (var (index, description) in Overlaps(dated.Select(x => (x.Draft.StartDate!.Value, x.Draft.EndDate ?? x.Draft.StartDate!.Value)).ToList()))
            v.Add($"meetings[{dated[index].Index}].start_date", description);
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
