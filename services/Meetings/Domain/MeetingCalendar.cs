using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Meetings.Domain;

/// Sammanträdesplanering: a body's meetings for one year.
public sealed class MeetingCalendar : ITenantOwned
{
    public const int MaxBodyCodeLength = Input.MaxCodeLength;
    public const int MaxNameLength = 200;
    /// Meetings of one calendar, cancelled ones included (a board meets about monthly).
    public const int MaxMeetings = 200;
    /// Agenda items of one calendar over all its meetings, so a calendar always fits one answer.
    public const int MaxItems = 1000;
    /// Calendars of one region (ListCalendars answers with all of them).
    public const int MaxPerTenant = 2000;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    /// As Input.Code gives it: "rs" and "RS" are one body.
    public required string BodyCode { get; init; }
    public int Year { get; init; }
    public string Name { get; set; } = "";
    public const int MaxSourceLength = 500;
    /// Where an imported calendar comes from (null for one built call by call), and what its import
    /// found contradicting in the calendar's own text (CalendarCheck).
    public string? Source { get; set; }
    public List<Region.Contracts.Events.CalendarFinding> Findings { get; set; } = [];

    /// A new, empty calendar of a body and year the caller validated.
    public static MeetingCalendar Create(string bodyCode, int year, string name) =>
        new() { BodyCode = Input.Code(bodyCode), Year = year, Name = name.Trim() };

    public static void Validate(string bodyCode, int year, string? name, Violations v)
    {
        Input.CheckCode(bodyCode, "body_code", v, max: MaxBodyCodeLength);
        Input.CheckYear(year, "year", v);
        Input.CheckText(name, "name", MaxNameLength, v);
    }

    /// Every violation of a year's meetings sent together: each meeting, the calendar's limits, and
    /// meetings that share a day.
    public static void ValidateMeetings(IReadOnlyList<MeetingDraft> drafts, int year, Violations v)
    {
        // Past the limit no meeting is looked at: one violation, not one per meeting.
        if (!v.Check(drafts.Count <= MaxMeetings, "meetings", $"At most {MaxMeetings} meetings in a calendar (got {drafts.Count}).")) return;
        for (var i = 0; i < drafts.Count; i++) Meeting.Validate(drafts[i], year, $"meetings[{i}].", v);
        var items = drafts.Sum(d => d.Items.Count);
        v.Check(items <= MaxItems, "meetings", $"At most {MaxItems} agenda items in a calendar (got {items}).");
        var dated = drafts.Select((d, i) => (Draft: d, Index: i)).Where(x => x.Draft.StartDate is not null).ToList();
        foreach (var (index, description) in Overlaps(dated.Select(x => (x.Draft.StartDate!.Value, x.Draft.EndDate ?? x.Draft.StartDate!.Value)).ToList()))
            v.Add($"meetings[{dated[index].Index}].start_date", description);
    }

    /// Meetings that share a day with one that starts earlier (or as early and comes first), in
    /// index order, each named once with one such meeting. One sort and one sweep: n log n, where
    /// comparing every pair made one violation per pair.
    public static IEnumerable<(int Index, string Description)> Overlaps(IReadOnlyList<(DateOnly Start, DateOnly End)> meetings)
    {
        var found = new List<(int, string)>();
        int? reachesFurthest = null;
        foreach (var i in Enumerable.Range(0, meetings.Count).OrderBy(i => meetings[i].Start).ThenBy(i => i))
        {
            if (reachesFurthest is { } earlier && meetings[i].Start <= meetings[earlier].End)
                found.Add((i, $"Shares a day with the meeting on {meetings[earlier].Start:yyyy-MM-dd}."));
            if (reachesFurthest is null || meetings[i].End > meetings[reachesFurthest.Value].End) reachesFurthest = i;
        }
        return found.OrderBy(x => x.Item1);
    }
}
