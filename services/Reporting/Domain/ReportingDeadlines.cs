using Region.Contracts.Periods;
using Region.Reporting.ReadModel;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Domain;

/// How many days before its meeting a body wants the reports in (framförhållning); set per body,
/// DefaultDays when a body has none.
public sealed class DeadlineLeadTime : ITenantOwned
{
    public const int DefaultDays = 14;
    public const int MaxDays = 120;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string BodyCode { get; init; }
    public int Days { get; set; }
    /// Moves with every change; the etag SetDeadlineLeadTime matches.
    public int Version { get; set; } = 1;

    public static string EtagOf(DeadlineLeadTime? leadTime) => leadTime is null ? Etag.None : Etag.Of(leadTime.Version);
}

/// The reporting deadline of one period for one body: the date the owners' reports are due, from
/// the first meeting whose agenda treats the period. Meeting is null when no meeting does: that
/// is a finding, since nobody can be reminded of a deadline that does not exist.
public sealed record ReportingDeadline(string BodyCode, Period Period, int LeadDays, DateOnly? MeetingDate, string? AgendaItem)
{
    public DateOnly? Due => MeetingDate?.AddDays(-LeadDays);
}

/// Rapporteringsdeadline: per period, the first meeting of the body (not cancelled) with an agenda
/// item covering the period, minus the body's lead time.
public static class ReportingDeadlines
{
    /// The periods every year is followed up in (tertial 1 and 2, the year-end) and any other
    /// period of the year an agenda item presents (monthly reports), in the order they end.
    public static IReadOnlyList<ReportingDeadline> Of(string bodyCode, int year, IReadOnlyList<MeetingRow> meetings, int leadDays)
    {
        var mine = meetings.Where(m => m.BodyCode == bodyCode && !m.Cancelled).OrderBy(m => m.StartDate).ToList();
        var periods = new HashSet<Period> { Period.Tertial(year, 1), Period.Tertial(year, 2), Period.FullYear(year) };
        foreach (var item in mine.SelectMany(m => m.Items).Where(i => i.CoversYear == year))
            if (Covered(item) is { } p) periods.Add(p);

        return periods.OrderBy(p => p.ThroughMonth).ThenBy(p => p.Kind).Select(period =>
        {
            // The first meeting in date order: a later one treating the same period is a second look, not the deadline.
            var first = mine.Select(m => (Meeting: m, Item: m.Items.FirstOrDefault(i => Covered(i) == period)))
                .FirstOrDefault(x => x.Item is not null);
            return new ReportingDeadline(bodyCode, period, leadDays, first.Meeting?.StartDate, first.Item?.Title);
        }).ToList();
    }

    static Period? Covered(AgendaItemRow item) =>
        item is { CoversYear: { } y, CoversKind: { } k, CoversNumber: { } n } ? ReportPeriods.FromStored(y, k, n) : null;
}
