using Region.ServiceDefaults.Tenancy;

namespace Region.Notifications.Domain;

/// An address that gets no reminders (one row per tenant and address; removing it resumes them).
public sealed class OptOut : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    /// Lower case.
    public required string Email { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
}
