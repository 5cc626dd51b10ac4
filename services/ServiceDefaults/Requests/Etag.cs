using System.Globalization;
using Region.ServiceDefaults.Errors;

namespace Region.ServiceDefaults.Requests;

/// Optimistic concurrency, one rule for every service: every change of an existing resource names
/// the etag (version) the caller read; a change made since is never overwritten. Calls that set a
/// value whole, creating it if need be (SetFinancing), take the etag optionally, as HTTP's PUT
/// takes If-Match: sent, it is matched (None: "there was none"); left out, the value is replaced.
public static class Etag
{
    public static string Of(int version) => version.ToString(CultureInfo.InvariantCulture);

    /// An etag is a version number; anything longer is not one a service gave out (and Match
    /// would only quote it back), so every service refuses it up front the same way.
    public const int MaxLength = 20;

    /// The etag is required, at most MaxLength characters and printable; returns whether it is
    /// fit to be matched.
    public static bool Check(string? etag, Violations v, string field = "etag", string what = "what you read") =>
        v.Check(!string.IsNullOrWhiteSpace(etag), field, $"Send the etag of {what}, so a change made since you read it is not overwritten.")
        && Input.CheckText(etag, field, MaxLength, v);

    /// The etag of a resource that does not exist yet, for a call that creates or replaces it.
    public const string None = "none";

    /// An optional etag (a replace that may also create): when one is sent it must be fit to be
    /// matched, as Check's; returns whether one was sent.
    public static bool CheckOptional(string? etag, Violations v, string field = "etag") =>
        !string.IsNullOrWhiteSpace(etag) && Input.CheckText(etag, field, MaxLength, v);

    /// ABORTED when the resource has moved on since the caller read it.
    public static void Match(string etag, int version, string what) => Match(etag, Of(version), what);

    public static void Match(string etag, string current, string what)
    {
        if (!string.Equals(etag?.Trim(), current, StringComparison.Ordinal))
            throw new ConcurrencyConflictException(
                $"{char.ToUpperInvariant(what[0])}{what[1..]} has changed since you read it (etag {Input.Quote(etag)}, now {current}); read it again.");
    }
}
