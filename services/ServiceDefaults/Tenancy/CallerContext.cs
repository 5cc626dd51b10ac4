namespace Region.ServiceDefaults.Tenancy;

/// Who is calling, per request (scoped): the tenant (the region) every row is filtered by, and the
/// user named in the ledger and history. In development both come from metadata headers; an
/// event consumer sets them from the event it handles.
public sealed class CallerContext
{
    public const string TenantHeader = "x-tenant";
    public const string UserHeader = "x-user";

    /// The size of every table's tenant column.
    public const int MaxTenantLength = 64;

    public string? Tenant { get; set; }
    public string User { get; set; } = "unknown";

    public string RequiredTenant => Tenant ?? throw new InvalidOperationException("No tenant resolved for this call.");
}

/// A row that belongs to one tenant; the DbContext stamps and filters it.
public interface ITenantOwned
{
    string Tenant { get; set; }
}
