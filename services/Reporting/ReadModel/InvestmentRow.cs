using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// An investment object (its plan's body and year, amount, spending and forecast).
public sealed class InvestmentRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid ObjectId { get; init; }
    public string BodyCode { get; set; } = "";
    public int Year { get; set; }
    public string UnitCode { get; set; } = "";
    public string Name { get; set; } = "";
    public string Category { get; set; } = "";
    public long Amount { get; set; }
    public string Status { get; set; } = "";
    public long SpentToDate { get; set; }
    public long? Forecast { get; set; }
    public int Version { get; set; }
    /// The spending or forecast is made-up example data (InvestmentObjectState.FiguresInvented).
    public bool FiguresInvented { get; set; }
}
