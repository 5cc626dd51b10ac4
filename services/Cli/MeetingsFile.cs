using System.Globalization;
using System.Text.RegularExpressions;
using Region.Common.V1;
using Region.Meetings.V1;

namespace Region.Cli;

/// A meetings demo-data file (e.g. demo-data/rs-2022/meetings.yaml): a body's follow-up plan and
/// meeting calendar for a year. Validate() finds every problem at once, with its path, before
/// anything is sent; the service then checks the calendar as a whole again.
public sealed record MeetingsFile
{
    /// Always "meetings": tells `regionctl import` which service the file is for.
    public string? Kind { get; init; }
    public string? Source { get; init; }
    public string? Body { get; init; }
    public int? Year { get; init; }
    public string? Name { get; init; }
    public List<PlanAreaSpec>? Plan { get; init; }
    public List<MeetingSpec>? Meetings { get; init; }

    public static MeetingsFile Load(string path) => DataFile.Load<MeetingsFile>(path, f => f.Validate());

    public IReadOnlyList<string> Validate()
    {
        var p = new List<string>();
        if (string.IsNullOrWhiteSpace(Body)) p.Add("body: the body whose calendar this is, e.g. RS.");
        if (Year is not (>= 2000 and <= 2100)) p.Add("year: a year between 2000 and 2100.");
        var areas = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (Plan?.Count ?? 0); i++) Plan![i].Validate($"plan[{i}]", areas, p);
        if (Meetings is null || Meetings.Count == 0) p.Add("meetings: list the year's meetings.");
        for (var i = 0; i < (Meetings?.Count ?? 0); i++) Meetings![i].Validate($"meetings[{i}]", areas, p);
        return p;
    }

    public int ItemCount => Meetings?.Sum(m => m.Items?.Count ?? 0) ?? 0;

    public ImportCalendarRequest ToImportRequest()
    {
        var request = new ImportCalendarRequest { BodyCode = Body!.Trim(), Year = Year!.Value, Name = Name?.Trim() ?? "", Source = Source?.Trim() ?? "" };
        request.Plan.AddRange((Plan ?? []).Select(a => new FollowUpArea { Name = a.Area!.Trim(), Frequency = PlanAreaSpec.Frequencies[a.Frequency!] }));
        request.Meetings.AddRange(Meetings!.Select(m => m.ToInput()));
        return request;
    }
}

/// An area of the follow-up plan and how often: once, twice or per-tertial.
public sealed record PlanAreaSpec
{
    internal static readonly Dictionary<string, FollowUpFrequency> Frequencies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["once"] = FollowUpFrequency.Once,
        ["twice"] = FollowUpFrequency.Twice,
        ["per-tertial"] = FollowUpFrequency.PerTertial,
    };

    public string? Area { get; init; }
    public string? Frequency { get; init; }

    internal void Validate(string path, HashSet<string> areas, List<string> p)
    {
        if (string.IsNullOrWhiteSpace(Area)) p.Add($"{path}.area: missing.");
        else if (!areas.Add(Area.Trim())) p.Add($"{path}.area: '{Area}' is in the plan twice.");
        if (Frequency is null || !Frequencies.ContainsKey(Frequency)) p.Add($"{path}.frequency: one of {string.Join(", ", Frequencies.Keys)}.");
    }
}

/// A meeting: date (and end for a range like "29–30 mars"), kind, optional title, place and times.
public sealed record MeetingSpec
{
    internal static readonly Dictionary<string, MeetingKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["board-meeting"] = MeetingKind.BoardMeeting,
        ["planning-day"] = MeetingKind.PlanningDay,
        ["budget-day"] = MeetingKind.BudgetDay,
        ["separate-programme"] = MeetingKind.SeparateProgramme,
    };

    public string? Date { get; init; }
    public string? End { get; init; }
    public string? Kind { get; init; }
    public string? Title { get; init; }
    public string? Place { get; init; }
    /// Local times "09:00"; leave out for an all-day meeting.
    public string? From { get; init; }
    public string? To { get; init; }
    public List<AgendaItemSpec>? Items { get; init; }

    internal void Validate(string path, HashSet<string> areas, List<string> p)
    {
        if (ParseDate(Date) is null) p.Add($"{path}.date: a date like 2022-03-29.");
        if (End is not null && ParseDate(End) is null) p.Add($"{path}.end: a date like 2022-03-30.");
        if (Kind is null || !Kinds.ContainsKey(Kind)) p.Add($"{path}.kind: one of {string.Join(", ", Kinds.Keys)}.");
        if (From is not null && ParseTime(From) is null) p.Add($"{path}.from: a time like 09:00.");
        if (To is not null && ParseTime(To) is null) p.Add($"{path}.to: a time like 16:00.");
        for (var i = 0; i < (Items?.Count ?? 0); i++) Items![i].Validate($"{path}.items[{i}]", areas, p);
    }

    internal MeetingInput ToInput()
    {
        var input = new MeetingInput
        {
            Kind = Kinds[Kind!],
            Title = Title?.Trim() ?? "",
            Place = Place?.Trim() ?? "",
            StartDate = ToDate(ParseDate(Date)!.Value),
            EndDate = End is null ? null : ToDate(ParseDate(End)!.Value),
            StartTime = ParseTime(From) is { } from ? new Google.Type.TimeOfDay { Hours = from.Hour, Minutes = from.Minute } : null,
            EndTime = ParseTime(To) is { } to ? new Google.Type.TimeOfDay { Hours = to.Hour, Minutes = to.Minute } : null,
        };
        input.Items.AddRange((Items ?? []).Select(i => i.ToProto()));
        return input;
    }

    private static DateOnly? ParseDate(string? s) =>
        DateOnly.TryParseExact(s?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static TimeOnly? ParseTime(string? s) =>
        TimeOnly.TryParseExact(s?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    private static Google.Type.Date ToDate(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
}

/// An agenda item: category (recurring, follow-up, theme), title, role, case, plan area, period covered.
public sealed record AgendaItemSpec
{
    internal static readonly Dictionary<string, AgendaCategory> Categories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["recurring"] = AgendaCategory.Recurring,
        ["follow-up"] = AgendaCategory.FollowUp,
        ["theme"] = AgendaCategory.Theme,
    };

    public string? Category { get; init; }
    public string? Title { get; init; }
    public string? Role { get; init; }
    public string? Case { get; init; }
    public string? Area { get; init; }
    /// The period a report presents: 2022-02 (month), 2022-T1 (tertial) or 2021 (year).
    public string? Covers { get; init; }

    internal void Validate(string path, HashSet<string> areas, List<string> p)
    {
        if (Category is null || !Categories.ContainsKey(Category)) p.Add($"{path}.category: one of {string.Join(", ", Categories.Keys)}.");
        if (string.IsNullOrWhiteSpace(Title)) p.Add($"{path}.title: missing.");
        // An area outside the plan is allowed by the service (coverage lists it), but in a file it is a typo.
        if (Area is not null && !areas.Contains(Area.Trim())) p.Add($"{path}.area: '{Area}' is not an area of the plan.");
        if (Covers is not null && PeriodArgument.Parse(Covers) is null) p.Add($"{path}.covers: '{Covers}' is not a period: {PeriodArgument.Help}.");
    }

    internal AgendaItem ToProto() => new()
    {
        Category = Categories[Category!],
        Title = Title!.Trim(),
        ResponsibleRole = Role?.Trim() ?? "",
        CaseNumber = Case?.Trim() ?? "",
        FollowUpArea = Area?.Trim() ?? "",
        Covers = Covers is null ? null : PeriodArgument.Parse(Covers),
    };
}
