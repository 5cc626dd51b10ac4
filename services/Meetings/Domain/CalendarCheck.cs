using System.Globalization;
using System.Text.RegularExpressions;
using Region.Contracts.Events;

namespace Region.Meetings.Domain;

/// Checks an imported calendar's text against its own data, as the budget import checks a table's
/// sums: a year or month in an agenda item's title that is not the period the item covers (seed 003,
/// line 513: "Delårsbokslut augusti 2021" at a 2022 meeting, covering tertial 2 2022), or a date in a
/// meeting's title that is not the meeting's. Findings are reported, nothing is corrected or refused.
public static partial class CalendarCheck
{
    public const string TitleYear = "TitleYear";
    public const string TitleMonth = "TitleMonth";
    public const string TitleDate = "TitleDate";

    static readonly string[] Months =
        ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];

    [GeneratedRegex(@"\b(?:19|20)\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Year();

    [GeneratedRegex(@"\b(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Month();

    // "29 mars", "29–30 mars", "31 maj – 1 juni" (the first day counts) or "2022-03-29".
    [GeneratedRegex(@"\b(?<day>\d{1,2})(?:\s*[–-]\s*\d{1,2})?\s+(?<month>januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)\b|\b(?<iso>\d{4}-\d{2}-\d{2})\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Date();

    public static IReadOnlyList<CalendarFinding> Check(IEnumerable<Meeting> meetings)
    {
        var findings = new List<CalendarFinding>();
        foreach (var meeting in meetings.OrderBy(m => m.StartDate))
        {
            if (meeting.Title is { } title && DateContradiction(title, meeting) is { } stated)
                findings.Add(new(meeting.StartDate, title, TitleDate, stated, Dates(meeting),
                    $"The title says {stated}; the meeting is held {Dates(meeting)}."));
            foreach (var item in meeting.Agenda)
                if (item.Covers is { } period) findings.AddRange(PeriodContradictions(meeting.StartDate, item.Title, period));
        }
        return findings;
    }

    static IEnumerable<CalendarFinding> PeriodContradictions(DateOnly meetingDate, string title, Contracts.Periods.Period period)
    {
        var years = Year().Matches(title).Select(m => m.Value).ToList();
        if (years.Count > 0 && !years.Contains(period.Year.ToString(CultureInfo.InvariantCulture)))
            yield return new(meetingDate, title, TitleYear, string.Join(", ", years), period.ToString(),
                $"The title names {string.Join(", ", years)}; the item covers {period}.");
        // The last month named is the one a report runs through: "Månadsrapport per maj och juni" is June's.
        var months = Month().Matches(title).Select(m => m.Value.ToLowerInvariant()).ToList();
        if (months.Count > 0 && Array.IndexOf(Months, months[^1]) + 1 != period.ThroughMonth)
            yield return new(meetingDate, title, TitleMonth, months[^1], period.ToString(),
                $"The title names {months[^1]}; the item covers {period}, through {Months[period.ThroughMonth - 1]}.");
    }

    /// The first date the title names when it is not a day of the meeting, as written; null when it is or none is named.
    static string? DateContradiction(string title, Meeting meeting)
    {
        foreach (Match m in Date().Matches(title))
        {
            DateOnly? date = m.Groups["iso"].Success
                ? DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) ? iso : null
                : Day(meeting.StartDate.Year, Array.IndexOf(Months, m.Groups["month"].Value.ToLowerInvariant()) + 1, int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture));
            if (date is null || date < meeting.StartDate || date > meeting.EndDate) return m.Value;
        }
        return null;
    }

    static DateOnly? Day(int year, int month, int day) => day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;

    static string Dates(Meeting m) => m.StartDate == m.EndDate
        ? m.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : $"{m.StartDate:yyyy-MM-dd}/{m.EndDate:yyyy-MM-dd}";
}
