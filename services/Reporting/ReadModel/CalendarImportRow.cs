using Region.Contracts.Events;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// An imported meeting calendar and the titles that contradict their own data; one per body and
/// year (a calendar is imported once), added once.
public sealed class CalendarImportRow : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string BodyCode { get; init; }
    public int Year { get; init; }
    public required string Source { get; init; }
    public DateTimeOffset ImportedAt { get; init; }
    public List<CalendarFinding> Findings { get; init; } = [];
}
