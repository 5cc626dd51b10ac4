using Region.Contracts.Periods;

namespace Region.Contracts.Events;

// Events of the meetings service. Each carries the whole state a consumer needs (event-carried
// state) and a version, so a read model can ignore an older state that arrives late. A meeting's
// version grows with every change to it, including its agenda items.

/// An agenda item as it is. Category is Recurring (återkommande ärenden), FollowUp (uppföljning och
/// fördjupning) or Theme (tema fördjupning). FollowUpArea names the follow-up-plan area the item
/// covers; Covers is the report period the item presents (e.g. the tertial report for tertial 1 2022).
public sealed record AgendaItemData(
    Guid ItemId, string Category, string Title, string? ResponsibleRole, string? CaseNumber,
    string? FollowUpArea, Period? Covers, int Position);

/// A meeting as it is after the change, with all its items. Kind is BoardMeeting, PlanningDay,
/// BudgetDay or SeparateProgramme; a one-day meeting has StartDate == EndDate. Times are local.
public sealed record MeetingState(
    Guid MeetingId, string BodyCode, int Year, string Kind, string? Title,
    DateOnly StartDate, DateOnly EndDate, TimeOnly? StartTime, TimeOnly? EndTime, string? Place,
    bool Cancelled, IReadOnlyList<AgendaItemData> Items, int Version);

public sealed record MeetingScheduled(Guid EventId, string Tenant, DateTimeOffset OccurredAt, MeetingState Meeting) : IMeetingsEvent;

/// The meeting got new dates (and possibly times or place); its items moved with it.
public sealed record MeetingMoved(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, DateOnly PreviousStartDate, DateOnly PreviousEndDate,
    MeetingState Meeting) : IMeetingsEvent;

public sealed record MeetingCancelled(Guid EventId, string Tenant, DateTimeOffset OccurredAt, MeetingState Meeting) : IMeetingsEvent;

public sealed record AgendaItemAdded(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, AgendaItemData Item, MeetingState Meeting) : IMeetingsEvent;

public sealed record AgendaItemRemoved(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, Guid ItemId, MeetingState Meeting) : IMeetingsEvent;

/// One area of a follow-up plan. Frequency is Once, Twice or PerTertial.
public sealed record FollowUpAreaData(string Name, string Frequency);

/// Uppföljningsplan: the areas a body must follow up during a year and how often.
public sealed record FollowUpPlanState(string BodyCode, int Year, IReadOnlyList<FollowUpAreaData> Areas, int Version);

/// What an imported calendar's own text contradicts in its own data. Kind: TitleYear (a year in an
/// agenda item's title that is not the year of the period the item covers), TitleMonth (the title's
/// last month is not the last month of that period), TitleDate (a date in a meeting's title that is
/// not a day of the meeting). Item is the title checked; Stated what it says ("2021"); Actual what
/// the data says: the period ("2022-T2") or the meeting's days ("2022-03-29" or "2022-03-29/2022-03-30").
public sealed record CalendarFinding(DateOnly MeetingDate, string Item, string Kind, string Stated, string Actual, string Message);

/// A year's calendar was imported whole (ImportCalendar); its findings are reported, not corrected.
public sealed record CalendarImported(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, string BodyCode, int Year, string Source,
    IReadOnlyList<CalendarFinding> Findings) : IMeetingsEvent;

public sealed record FollowUpPlanSet(Guid EventId, string Tenant, DateTimeOffset OccurredAt, FollowUpPlanState Plan) : IMeetingsEvent;
