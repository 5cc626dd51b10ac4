using Region.Contracts.Budget;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// A unit's frame for a year: the opening net and the frame in force per column (the period
/// budget is spread per column and rounded as the budget service does).
public sealed class FrameRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string UnitCode { get; init; }
    public int Year { get; init; }
    /// Officials or ElectedMembers.
    public string Category { get; set; } = "";
    public long OpeningNet { get; set; }
    public FrameAmounts Current { get; set; } = FrameAmounts.Zero;
    public long CurrentNet => Current.Net;
    public int[]? MonthlyWeights { get; set; }
    public int Version { get; set; }
}
