using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Region.Identity.Data;

namespace Region.Identity.Accounts;

/// The trail of the sign-in page. Every attempt: one log event in the category Category (exported
/// over OTLP with the service's other logs) and a count per outcome (region.identity.sign_ins).
/// An attempt for an account is also kept in the table sign_ins for the admins of the account's
/// tenants (SignInRecord), for IdentitySettings.SignInTrailRetention. An attempt names the
/// account only when the typed name is one: people type a password into the name field, and a
/// trail must not keep it. The address is the connection's (the ingress's, behind one).
public sealed partial class SignInTrail(IdentityDb db, IdentitySettings settings, ILoggerFactory logs, TimeProvider clock)
{
    public const string Category = "Region.Identity.SignIns";
    public const string UnknownName = "(no such account)";

    public enum Outcome { SignedIn, Failed, Refused }

    // The service's meter: ServiceDefaults exports a meter named as the service.
    static readonly Meter Meter = new("identity");
    static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
        "region.identity.sign_ins", "{attempt}", "Attempts on the sign-in page, by outcome: signed_in, failed, refused (too many failures).");

    // The retention's delete runs at most this often per replica, with an attempt that is kept.
    static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    static long _nextPruneTicks;

    readonly ILogger _log = logs.CreateLogger(Category);

    /// Logs, counts and (for an account) keeps one attempt. `account` is null when no account has the
    /// typed name; a failure is a wrong password or a disabled account, a refusal SignInThrottle's.
    public async Task RecordAsync(Outcome outcome, RegionUser? account, string? address, CancellationToken ct)
    {
        var name = account?.UserName ?? UnknownName;
        address ??= "";
        Attempts.Add(1, new KeyValuePair<string, object?>("outcome", Name(outcome)));
        switch (outcome)
        {
            case Outcome.SignedIn: LogSignedIn(_log, name, address); break;
            case Outcome.Failed: LogFailed(_log, name, address); break;
            default: LogRefused(_log, name, address); break;
        }
        if (account is null) return;
        var now = clock.GetUtcNow();
        db.SignIns.Add(new SignInRecord
        {
            At = now, Account = account.UserName, Outcome = Name(outcome),
            Address = address.Length <= SignInRecord.MaxAddressLength ? address : address[..SignInRecord.MaxAddressLength],
            Tenants = [.. account.Tenants],
        });
        await db.SaveChangesAsync(ct);
        var due = Interlocked.Read(ref _nextPruneTicks);
        if (now.UtcTicks >= due && Interlocked.CompareExchange(ref _nextPruneTicks, (now + PruneEvery).UtcTicks, due) == due)
        {
            var cutoff = now - settings.SignInTrailRetention;
            await db.SignIns.Where(r => r.At < cutoff).ExecuteDeleteAsync(ct);
        }
    }

    public static string Name(Outcome outcome) => outcome switch
    {
        Outcome.SignedIn => "signed_in",
        Outcome.Failed => "failed",
        _ => "refused",
    };

    [LoggerMessage(EventId = 1, EventName = "SignedIn", Level = LogLevel.Information, Message = "Sign-in: {Account} signed in from {Address}")]
    private static partial void LogSignedIn(ILogger log, string account, string address);

    [LoggerMessage(EventId = 2, EventName = "SignInFailed", Level = LogLevel.Warning, Message = "Sign-in: failed for {Account} from {Address}")]
    private static partial void LogFailed(ILogger log, string account, string address);

    [LoggerMessage(EventId = 3, EventName = "SignInRefused", Level = LogLevel.Warning, Message = "Sign-in: refused for {Account} from {Address}, too many failures")]
    private static partial void LogRefused(ILogger log, string account, string address);
}
