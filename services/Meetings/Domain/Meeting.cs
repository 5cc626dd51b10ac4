using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Meetings.Domain;

/// Sammanträde, gemensam planeringsdag, gemensam budgetdag, separat program.
public enum MeetingKind
{
    BoardMeeting = 1,
    PlanningDay = 2,
    BudgetDay = 3,
    SeparateProgramme = 4,
}

/// What a caller asks to schedule, before it is checked. EndDate null means a one-day meeting.
public sealed record MeetingDraft(
    MeetingKind? Kind, string? Title, DateOnly? StartDate, DateOnly? EndDate, TimeOnly? StartTime, TimeOnly? EndTime,
    string? Place, IReadOnlyList<AgendaItemDraft> Items);

/// One meeting of a calendar, on a day or a few days in a row ("29–30 mars"), with its agenda.
/// A meeting that is over is history: it no longer changes.
public sealed class Meeting : ITenantOwned
{
    public const int MaxDays = 7;
    public const int MaxTitleLength = 200;
    public const int MaxPlaceLength = 200;
    public const int MaxItems = 100;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid CalendarId { get; init; }
    public MeetingKind Kind { get; init; }
    public string? Title { get; init; }
    public DateOnly StartDate { get; private set; }
    public DateOnly EndDate { get; private set; }
    public TimeOnly? StartTime { get; private set; }
    public TimeOnly? EndTime { get; private set; }
    public string? Place { get; private set; }
    public bool Cancelled { get; private set; }
    /// Bumped by every change, items included; the etag callers send back.
    public int Version { get; set; } = 1;
    public List<AgendaItem> Items { get; init; } = [];

    public bool IsOver(DateOnly today) => EndDate < today;
    public IEnumerable<AgendaItem> Agenda => Items.OrderBy(i => i.Position);

    /// A checked draft as a new meeting of the calendar, its items in the order given.
    public static Meeting From(MeetingDraft draft, Guid calendarId)
    {
        var meeting = new Meeting
        {
            CalendarId = calendarId,
            Kind = draft.Kind!.Value,
            Title = Input.NullIfBlank(draft.Title),
            StartDate = draft.StartDate!.Value,
            EndDate = draft.EndDate ?? draft.StartDate!.Value,
            StartTime = draft.StartTime,
            EndTime = draft.EndTime,
            Place = Input.NullIfBlank(draft.Place),
        };
        for (var i = 0; i < draft.Items.Count; i++) meeting.Items.Add(AgendaItem.From(draft.Items[i], meeting.Id, i));
        return meeting;
    }

    /// Every violation of a draft for a calendar year. Field names are prefixed (e.g. "meetings[3].").
    public static void Validate(MeetingDraft draft, int year, string prefix, Violations v)
    {
        v.Check(draft.Kind is not null, $"{prefix}kind", "Say what kind of meeting it is.");
        Input.CheckText(draft.Title, $"{prefix}title", MaxTitleLength, v);
        Input.CheckText(draft.Place, $"{prefix}place", MaxPlaceLength, v);
        ValidateDates(draft.StartDate, draft.EndDate, draft.StartTime, draft.EndTime, year, prefix, v);
        if (!v.Check(draft.Items.Count <= MaxItems, $"{prefix}items", $"At most {MaxItems} items (got {draft.Items.Count}).")) return;
        for (var i = 0; i < draft.Items.Count; i++)
            AgendaItem.Validate(draft.Items[i], draft.StartDate, $"{prefix}items[{i}]", v);
    }

    /// A meeting scheduled now: a valid draft that does not start in the past.
    public static void ValidateNew(MeetingDraft draft, int year, DateOnly today, string prefix, Violations v)
    {
        Validate(draft, year, prefix, v);
        if (draft.StartDate is { } start) CheckNotPast(start, today, $"{prefix}start_date", v);
    }

    private static void ValidateDates(DateOnly? start, DateOnly? end, TimeOnly? startTime, TimeOnly? endTime, int year, string prefix, Violations v)
    {
        if (start is null)
        {
            // A date that was sent but is no date is already named; don't name it twice.
            if (!v.Items.Any(x => x.Field == $"{prefix}start_date")) v.Add($"{prefix}start_date", "A start date is required.");
            return;
        }
        v.Check(start!.Value.Year == year, $"{prefix}start_date", $"{start:yyyy-MM-dd} is not in the calendar's year {year}.");
        if (end is { } last)
        {
            if (v.Check(last >= start.Value, $"{prefix}end_date", $"The last day {last:yyyy-MM-dd} is before the first {start:yyyy-MM-dd}."))
                v.Check(last.DayNumber - start.Value.DayNumber < MaxDays, $"{prefix}end_date", $"A meeting lasts at most {MaxDays} days.");
            v.Check(last.Year == year, $"{prefix}end_date", $"{last:yyyy-MM-dd} is not in the calendar's year {year}.");
        }
        if (startTime is { } from && endTime is { } to && (end ?? start) == start)
            v.Check(to > from, $"{prefix}end_time", $"A one-day meeting ends after it starts ({from:HH\\:mm}).");
    }

    /// Refuses any change to a meeting that is over.
    public void EnsureChangeable(DateOnly today)
    {
        if (IsOver(today))
            throw new FailedPreconditionException($"The meeting of {StartDate:yyyy-MM-dd} is over; it can no longer change.");
    }

    /// Checks new dates; the agenda moves with the meeting, so every item must still be reportable on the new first day.
    public void ValidateMove(DateOnly? start, DateOnly? end, TimeOnly? startTime, TimeOnly? endTime, int year, DateOnly today, Violations v)
    {
        ValidateDates(start, end, startTime ?? StartTime, endTime ?? EndTime, year, "", v);
        if (start is not { } first) return;
        CheckNotPast(first, today, "start_date", v);
        foreach (var item in Agenda.Where(i => i.Covers is { } p && p.LastDay >= first))
            v.Add("start_date", $"{Input.Quote(item.Title)} reports {item.Covers} which ends on {item.Covers!.Value.LastDay:yyyy-MM-dd}: it cannot be presented on {first:yyyy-MM-dd}.");
    }

    private static void CheckNotPast(DateOnly start, DateOnly today, string field, Violations v) =>
        v.Check(start >= today, field, $"{start:yyyy-MM-dd} is in the past (today is {today:yyyy-MM-dd}).");

    /// New dates (and times and place when given); the items stay with the meeting.
    public void Move(DateOnly start, DateOnly? end, TimeOnly? startTime, TimeOnly? endTime, string? place)
    {
        StartDate = start;
        EndDate = end ?? start;
        if (startTime is not null) StartTime = startTime;
        if (endTime is not null) EndTime = endTime;
        if (!string.IsNullOrWhiteSpace(place)) Place = place.Trim();
        Version++;
    }

    /// FAILED_PRECONDITION: the meeting would share a day with another one of its calendar.
    public static FailedPreconditionException SharesADayWith(Meeting other) =>
        new($"Shares a day with the meeting on {other.StartDate:yyyy-MM-dd} (id {other.Id}); move or cancel that one first.");

    public void Cancel()
    {
        if (Cancelled) throw new FailedPreconditionException($"The meeting of {StartDate:yyyy-MM-dd} is already cancelled.");
        Cancelled = true;
        Version++;
    }

    /// Puts a checked item last on the agenda.
    public AgendaItem AddItem(AgendaItemDraft draft)
    {
        if (Cancelled) throw new FailedPreconditionException($"The meeting of {StartDate:yyyy-MM-dd} is cancelled.");
        if (Items.Count >= MaxItems) throw new FailedPreconditionException($"The meeting already has {MaxItems} items.");
        var item = AgendaItem.From(draft, Id, Items.Count == 0 ? 0 : Items.Max(i => i.Position) + 1);
        Items.Add(item);
        Version++;
        return item;
    }

    public AgendaItem RemoveItem(Guid itemId)
    {
        var item = Items.SingleOrDefault(i => i.Id == itemId)
            ?? throw new NotFoundException($"The meeting of {StartDate:yyyy-MM-dd} has no item {itemId}.");
        Items.Remove(item);
        Version++;
        return item;
    }
}
