using System.Diagnostics.Metrics;

namespace Region.Identity.Accounts;

/// The trail of the sign-in page: one log event per attempt, in the category Category (exported
/// over OTLP with the service's other logs, so it lands in the region's log store and is kept as
/// long as that keeps logs), and a count per outcome (region.identity.sign_ins). An attempt names
/// the account only when the typed name is one: people type a password into the name field, and a
/// trail must not keep it. The address is the connection's (the ingress's, behind one).
public static partial class SignInTrail
{
    public const string Category = "Region.Identity.SignIns";
    public const string UnknownName = "(no such account)";

    // The service's meter: ServiceDefaults exports a meter named as the service.
    static readonly Meter Meter = new("identity");
    static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
        "region.identity.sign_ins", "{attempt}", "Attempts on the sign-in page, by outcome: signed_in, failed, refused (too many failures).");

    public static void SignedIn(ILogger log, string account, string? address)
    {
        Attempts.Add(1, new KeyValuePair<string, object?>("outcome", "signed_in"));
        LogSignedIn(log, account, address ?? "");
    }

    /// A wrong name or password, or a disabled account; `account` is null when no account has the name.
    public static void Failed(ILogger log, string? account, string? address)
    {
        Attempts.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
        LogFailed(log, account ?? UnknownName, address ?? "");
    }

    /// Refused unchecked by SignInThrottle.
    public static void Refused(ILogger log, string? account, string? address)
    {
        Attempts.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
        LogRefused(log, account ?? UnknownName, address ?? "");
    }

    [LoggerMessage(EventId = 1, EventName = "SignedIn", Level = LogLevel.Information, Message = "Sign-in: {Account} signed in from {Address}")]
    private static partial void LogSignedIn(ILogger log, string account, string address);

    [LoggerMessage(EventId = 2, EventName = "SignInFailed", Level = LogLevel.Warning, Message = "Sign-in: failed for {Account} from {Address}")]
    private static partial void LogFailed(ILogger log, string account, string address);

    [LoggerMessage(EventId = 3, EventName = "SignInRefused", Level = LogLevel.Warning, Message = "Sign-in: refused for {Account} from {Address}, too many failures")]
    private static partial void LogRefused(ILogger log, string account, string address);
}
