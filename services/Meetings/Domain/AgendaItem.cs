using Region.Contracts.Periods;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Meetings.Domain;

/// Återkommande ärenden, uppföljning och fördjupning, tema fördjupning.
public enum AgendaCategory
{
    Recurring = 1,
    FollowUp = 2,
    Theme = 3,
}

/// What a caller asks to put on an agenda, before it is checked.
public sealed record AgendaItemDraft(
    AgendaCategory? Category, string Title, string? ResponsibleRole, string? CaseNumber, string? FollowUpArea, Period? Covers);

/// Ärende on a meeting's agenda: who presents what, and which follow-up area or report period it covers.
public sealed class AgendaItem : ITenantOwned
{
    public const int MaxTitleLength = 500;
    public const int MaxRoleLength = 100;
    public const int MaxCaseNumberLength = 40;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid MeetingId { get; init; }
    public AgendaCategory Category { get; init; }
    public required string Title { get; init; }
    public string? ResponsibleRole { get; init; }
    public string? CaseNumber { get; init; }
    public string? FollowUpArea { get; init; }
    public int? CoversYear { get; init; }
    public PeriodKind? CoversKind { get; init; }
    public int? CoversNumber { get; init; }
    public int Position { get; set; }

    public Period? Covers =>
        CoversYear is { } y && CoversKind is { } k ? Period.TryCreate(y, k, CoversNumber ?? 0) : null;

    public static AgendaItem From(AgendaItemDraft draft, Guid meetingId, int position) => new()
    {
        MeetingId = meetingId,
        Category = draft.Category!.Value,
        Title = draft.Title.Trim(),
        ResponsibleRole = Input.NullIfBlank(draft.ResponsibleRole),
        CaseNumber = Input.NullIfBlank(draft.CaseNumber),
        FollowUpArea = Input.NullIfBlank(draft.FollowUpArea),
        CoversYear = draft.Covers?.Year,
        CoversKind = draft.Covers?.Kind,
        CoversNumber = draft.Covers?.Number,
        Position = position,
    };

    /// Every violation of one item; the period it covers must be over by the meeting's first day.
    public static void Validate(AgendaItemDraft item, DateOnly? meetingStart, string field, Violations v)
    {
        v.Check(item.Category is not null, $"{field}.category", "Say whether the item is recurring, a follow-up or a theme.");
        Input.CheckText(item.Title, $"{field}.title", MaxTitleLength, v, required: true);
        Input.CheckText(item.ResponsibleRole, $"{field}.responsible_role", MaxRoleLength, v);
        Input.CheckText(item.CaseNumber, $"{field}.case_number", MaxCaseNumberLength, v);
        Input.CheckText(item.FollowUpArea, $"{field}.follow_up_area", FollowUpPlan.MaxAreaNameLength, v);
        if (item.Covers is { } period && meetingStart is { } start)
            v.Check(period.LastDay < start, $"{field}.covers",
                $"{period} ends on {period.LastDay:yyyy-MM-dd}: it cannot be reported on {start:yyyy-MM-dd}.");
    }
}
