namespace Region.ServiceDefaults.Tenancy;

/// Who is calling, per request (scoped), as the validated access token says (see
/// Auth/CallAuthorization): the tenant (the region) every row is filtered by, who, the roles and
/// the unit scope. An event consumer sets the tenant and its own name from the event it handles.
public sealed class CallerContext
{
    /// Names one of the token's tenants, for a caller that may act for several; never trusted alone.
    public const string TenantHeader = "x-tenant";

    /// The size of every table's tenant column.
    public const int MaxTenantLength = 64;

    /// The header a caller may send to tie its own request id to the audit trail.
    public const string RequestIdHeader = "x-request-id";

    /// The size of every "changed by" column.
    public const int MaxUserLength = 200;

    public string? Tenant { get; set; }

    /// Who, as a stable id: the token's subject (`sub`: a user name or a client id).
    public string User { get; set; } = "unknown";

    /// Who, for people to read: the token's name claim, when it has one.
    public string? UserName { get; set; }

    public IReadOnlySet<string> Roles { get; set; } = new HashSet<string>();

    /// The unit whose subtree a planner or finance officer is limited to (see Auth/UnitScope); null: none.
    public string? UnitScope { get; set; }

    /// Until when the call's token is accepted (its expiry plus the clock skew allowed); null for a
    /// caller without one (a consumer, the system). A long stream ends then (StreamLimiter).
    public DateTimeOffset? TokenValidUntil { get; set; }

    /// What ledgers and histories record as "changed by": the name when the token has one, else
    /// the subject, cut to the columns' size.
    public string ShownAs => (UserName ?? User) is var who && who.Length > MaxUserLength ? who[..MaxUserLength] : who;

    /// The gRPC method of the call (e.g. /region.budget.v1.BudgetService/AdjustFrame), or what
    /// background work is doing; the audit trail records it.
    public string? Rpc { get; set; }

    /// The caller's x-request-id header, else the server's identifier of the request; for the audit trail.
    public string? RequestId { get; set; }

    public string RequiredTenant => Tenant ?? throw new InvalidOperationException("No tenant resolved for this call.");
}

/// A row that belongs to one tenant; the DbContext stamps and filters it.
public interface ITenantOwned
{
    string Tenant { get; set; }
}
