using Region.Contracts.Periods;
using Region.Meetings.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Api = Region.Meetings.V1;
using GDate = Google.Type.Date;
using GTime = Google.Type.TimeOfDay;

namespace Region.Meetings.Grpc;

/// Proto ↔ domain conversions. Unspecified enum values map to null so validation can name them.
public static class Mapping
{
    public static MeetingKind? ToDomain(this Api.MeetingKind kind) =>
        kind == Api.MeetingKind.Unspecified || !Enum.IsDefined(kind) ? null : (MeetingKind)(int)kind;

    public static AgendaCategory? ToDomain(this Api.AgendaCategory category) =>
        category == Api.AgendaCategory.Unspecified || !Enum.IsDefined(category) ? null : (AgendaCategory)(int)category;

    public static FollowUpFrequency? ToDomain(this Api.FollowUpFrequency frequency) =>
        frequency == Api.FollowUpFrequency.Unspecified || !Enum.IsDefined(frequency) ? null : (FollowUpFrequency)(int)frequency;

    /// A date as sent; an unset or impossible date adds a violation and gives null.
    public static DateOnly? ToDomain(this GDate? date, string field, Violations v, bool required)
    {
        if (date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0))
        {
            if (required) v.Add(field, "A date is required.");
            return null;
        }
        if (date.Year is >= 1 and <= 9999 && date.Month is >= 1 and <= 12 && date.Day >= 1 && date.Day <= DateTime.DaysInMonth(date.Year, date.Month))
            return new DateOnly(date.Year, date.Month, date.Day);
        v.Add(field, $"{date.Year:0000}-{date.Month:00}-{date.Day:00} is not a date.");
        return null;
    }

    public static TimeOnly? ToDomain(this GTime? time, string field, Violations v)
    {
        if (time is null) return null;
        if (time.Hours is >= 0 and <= 23 && time.Minutes is >= 0 and <= 59 && time.Seconds is >= 0 and <= 59)
            return new TimeOnly(time.Hours, time.Minutes, time.Seconds);
        v.Add(field, $"{time.Hours:00}:{time.Minutes:00} is not a time of day.");
        return null;
    }

    public static AgendaItemDraft ToDraft(this Api.AgendaItem item, string field, Violations v) => new(
        item.Category.ToDomain(), item.Title, item.ResponsibleRole, item.CaseNumber, item.FollowUpArea,
        item.Covers is null ? null : Input.CheckPeriod(item.Covers, $"{field}.covers", v));

    public static MeetingDraft ToDraft(this Api.MeetingInput? m, string prefix, Violations v)
    {
        m ??= new Api.MeetingInput();
        return new MeetingDraft(
            m.Kind.ToDomain(), m.Title,
            m.StartDate.ToDomain($"{prefix}start_date", v, required: true),
            m.EndDate.ToDomain($"{prefix}end_date", v, required: false),
            m.StartTime.ToDomain($"{prefix}start_time", v),
            m.EndTime.ToDomain($"{prefix}end_time", v),
            m.Place,
            m.Items.Select((item, i) => item.ToDraft($"{prefix}items[{i}]", v)).ToList());
    }

    public static IReadOnlyList<(string, FollowUpFrequency?)> ToDrafts(this IEnumerable<Api.FollowUpArea> areas) =>
        areas.Select(a => (a.Name, a.Frequency.ToDomain())).ToList();

    public static GDate ToProto(this DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    public static GTime ToProto(this TimeOnly t) => new() { Hours = t.Hour, Minutes = t.Minute, Seconds = t.Second };

    public static Api.AgendaItem ToProto(this AgendaItem item) => new()
    {
        Id = item.Id.ToString(),
        Category = (Api.AgendaCategory)(int)item.Category,
        Title = item.Title,
        ResponsibleRole = item.ResponsibleRole ?? "",
        CaseNumber = item.CaseNumber ?? "",
        FollowUpArea = item.FollowUpArea ?? "",
        Covers = item.Covers?.ToProto(),
        Position = item.Position,
    };

    public static Api.Meeting ToProto(this Meeting m, MeetingCalendar calendar)
    {
        var result = new Api.Meeting
        {
            Id = m.Id.ToString(),
            BodyCode = calendar.BodyCode,
            Year = calendar.Year,
            Kind = (Api.MeetingKind)(int)m.Kind,
            Title = m.Title ?? "",
            StartDate = m.StartDate.ToProto(),
            EndDate = m.EndDate.ToProto(),
            StartTime = m.StartTime?.ToProto(),
            EndTime = m.EndTime?.ToProto(),
            Place = m.Place ?? "",
            Cancelled = m.Cancelled,
            Etag = Etag.Of(m.Version),
        };
        result.Items.AddRange(m.Agenda.Select(i => i.ToProto()));
        return result;
    }

    public static Api.FollowUpPlan ToProto(this FollowUpPlan? plan, MeetingCalendar calendar)
    {
        var result = new Api.FollowUpPlan { BodyCode = calendar.BodyCode, Year = calendar.Year, Etag = Etag.Of(plan?.Version ?? FollowUpPlan.NoPlanVersion) };
        if (plan is not null)
            result.Areas.AddRange(plan.Areas.Select(a => new Api.FollowUpArea { Name = a.Name, Frequency = (Api.FollowUpFrequency)(int)a.Frequency }));
        return result;
    }

    public static Api.Calendar ToProto(this MeetingCalendar calendar, IEnumerable<Meeting> meetings, FollowUpPlan? plan)
    {
        var result = new Api.Calendar { BodyCode = calendar.BodyCode, Year = calendar.Year, Name = calendar.Name, Plan = plan.ToProto(calendar) };
        result.Meetings.AddRange(meetings.OrderBy(m => m.StartDate).Select(m => m.ToProto(calendar)));
        result.Source = calendar.Source ?? "";
        result.Findings.AddRange(calendar.Findings.Select(f => new Api.CalendarFinding
        {
            MeetingDate = new GDate { Year = f.MeetingDate.Year, Month = f.MeetingDate.Month, Day = f.MeetingDate.Day },
            Item = f.Item, Kind = f.Kind, Stated = f.Stated, Actual = f.Actual, Message = f.Message,
        }));
        return result;
    }

    public static Api.Coverage ToProto(this CoverageReport report, MeetingCalendar calendar)
    {
        var response = new Api.Coverage { BodyCode = calendar.BodyCode, Year = calendar.Year, Complete = report.Complete };
        response.Gaps.AddRange(report.Gaps.Select(g =>
        {
            var gap = new Api.CoverageGap
            {
                Area = g.Area.Name,
                Frequency = (Api.FollowUpFrequency)(int)g.Area.Frequency,
                Required = g.Area.RequiredCount,
                Scheduled = g.Scheduled,
            };
            gap.MissingTertials.AddRange(g.MissingTertials);
            return gap;
        }));
        response.UnplannedItems.AddRange(report.UnplannedItems.Select(u => new Api.UnplannedItem
        {
            MeetingId = u.Meeting.Id.ToString(),
            MeetingDate = u.Meeting.StartDate.ToProto(),
            Item = u.Item.ToProto(),
        }));
        return response;
    }
}
