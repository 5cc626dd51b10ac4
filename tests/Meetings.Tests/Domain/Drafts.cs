using Region.Contracts.Periods;
using Region.Meetings.Domain;

namespace Region.Meetings.Tests.Domain;

/// Short ways to write drafts in tests.
public static class Drafts
{
    public static DateOnly D(int month, int day, int year = 2022) => new(year, month, day);

    public static AgendaItemDraft Item(string title, AgendaCategory category = AgendaCategory.FollowUp, string? area = null,
        Period? covers = null, string? role = "Regionstabschef") =>
        new(category, title, role, null, area, covers);

    public static MeetingDraft MeetingOn(DateOnly start, DateOnly? end = null, params AgendaItemDraft[] items) =>
        new(MeetingKind.BoardMeeting, null, start, end, null, null, null, items);
}
