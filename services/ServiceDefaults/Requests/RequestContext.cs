using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Requests;

/// Who is asking and when, for one call (scoped): the tenant every row is filtered by, the user
/// named in ledgers and histories, and the clock (a TimeProvider, so tests can fix it).
public sealed class RequestContext(CallerContext caller, TimeProvider clock)
{
    public string Tenant => caller.RequiredTenant;

    /// The token's name claim, else its subject (CallerContext.ShownAs).
    public string User => caller.ShownAs;

    public DateTimeOffset Now => clock.GetUtcNow();
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
