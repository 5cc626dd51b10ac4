namespace Region.Identity.Accounts;

/// One attempt on the sign-in page for an account, as the trail keeps it (table sign_ins), for the
/// admins of the account's tenants to look through (GET /admin/sign-ins, regionctl sign-ins).
/// Attempts with a name no account has are only logged: no tenant's admin could see them, and the
/// typed name (often a password typed into the wrong field) is never kept.
public sealed class SignInRecord
{
    public const int MaxAddressLength = 64;

    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Account { get; set; }
    /// signed_in, failed (wrong password or a disabled account) or refused (too many failures).
    public required string Outcome { get; set; }
    /// The connection's address: behind the cluster's ingress, the ingress's.
    public string Address { get; set; } = "";
    /// The account's tenants at the time of the attempt: whose admins see it.
    public List<string> Tenants { get; set; } = [];
}
