using System.Globalization;
using Region.ServiceDefaults.Errors;

namespace Region.ServiceDefaults.Requests;

/// Optimistic concurrency, one rule for every service: every change of an existing resource names
/// the etag (version) the caller read; a change made since is never overwritten.
public static class Etag
{
    public static string Of(int version) => version.ToString(CultureInfo.InvariantCulture);

    /// The etag is required; returns whether one was sent.
    public static bool CheckPresent(string? etag, Violations v, string field = "etag", string what = "what you read") =>
        v.Check(!string.IsNullOrWhiteSpace(etag), field, $"Send the etag of {what}, so a change made since you read it is not overwritten.");

    /// ABORTED when the resource has moved on since the caller read it.
    public static void Match(string etag, int version, string what) => Match(etag, Of(version), what);

    public static void Match(string etag, string current, string what)
    {
        if (!string.Equals(etag?.Trim(), current, StringComparison.Ordinal))
            throw new ConcurrencyConflictException(
                $"{char.ToUpperInvariant(what[0])}{what[1..]} has changed since you read it (etag {Input.Quote(etag)}, now {current}); read it again.");
    }
}
