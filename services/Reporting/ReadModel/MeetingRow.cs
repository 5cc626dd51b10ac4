using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// A meeting of a body with the agenda items that present reports.
public sealed class MeetingRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid MeetingId { get; init; }
    public string BodyCode { get; set; } = "";
    public int Year { get; set; }
    public string Kind { get; set; } = "";
    public string? Title { get; set; }
    public DateOnly StartDate { get; set; }
    public string? Place { get; set; }
    public bool Cancelled { get; set; }
    public List<AgendaItemRow> Items { get; set; } = [];
    public int Version { get; set; }
}

/// An agenda item; Covers* name the report period it presents, when it presents one.
public sealed record AgendaItemRow(string Title, string? ResponsibleRole, int? CoversYear, string? CoversKind, int? CoversNumber);
