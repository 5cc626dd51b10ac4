using System.Globalization;
using System.Text.RegularExpressions;

namespace Region.Goals.Domain;

/// What the plan says around a target text that the text itself leaves out: the bound when a bare
/// value such as "95 %" does not say minst/högst (the goal's title or description does), and the
/// baseline a signed change such as "-20 %" is measured against.
public sealed record TargetHints(Bound? Bound = null, Baseline? Baseline = null)
{
    public static readonly TargetHints None = new();
}

/// Turns the Swedish target texts (målvärden) of the plans into typed targets. A text it cannot
/// type becomes an <see cref="UnclassifiedTarget"/> that says why; it never guesses.
public static partial class TargetParser
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static Target Parse(string text, TargetHints? hints = null)
    {
        hints ??= TargetHints.None;
        var original = text.Trim();
        var t = Normalise(original);
        if (t.Length == 0) return new UnclassifiedTarget(original, "The target text is empty.");

        if (Completed().IsMatch(t)) return new ActivityCompletedTarget(original);
        if (t.Contains("kompletteras", StringComparison.OrdinalIgnoreCase)) return new NotSetTarget(original);

        if (BetterThanYear().Match(t) is { Success: true } year)
        {
            var bound = year.Groups["word"].Value.ToLowerInvariant() is "lägre" or "mindre" or "färre" or "lägre andel" or "mindre andel"
                ? Bound.AtMost : Bound.AtLeast;
            return new BetterThanYearTarget(original, bound, int.Parse(year.Groups["year"].Value, CultureInfo.InvariantCulture));
        }

        var (prefixBound, rest) = SplitBound(t);
        var bound2 = prefixBound ?? hints.Bound;

        if (ScopedParts().Matches(rest) is { Count: > 1 } parts && ScopedWhole().IsMatch(rest))
        {
            if (bound2 is null) return Unbounded(original);
            var scopes = parts.Select(p => new ScopedValue(p.Groups["scope"].Value, Number(p.Groups["value"].Value), Unit(p.Groups["unit"].Value))).ToList();
            return new PerScopeTarget(original, bound2.Value, scopes);
        }

        if (Value().Match(rest) is not { Success: true } value)
            return new UnclassifiedTarget(original, "No value found in the text.");
        var number = Number(value.Groups["value"].Value);
        var unit = Unit(value.Groups["unit"].Value);

        // A signed change with a baseline from the plan ("-20 %" vs 2019) is a change, not a level.
        if (prefixBound is null && hints.Baseline is { } baseline && unit == "%")
            return new ChangeVsBaselineTarget(original, number, baseline);
        if (bound2 is null) return Unbounded(original);
        return new ThresholdTarget(original, bound2.Value, number, unit);
    }

    private static UnclassifiedTarget Unbounded(string original) =>
        new(original, "The text gives a value but not whether it is a floor or a ceiling (minst/högst).");

    private static (Bound? Bound, string Remainder) SplitBound(string t)
    {
        foreach (var (prefix, bound) in Prefixes)
            if (t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return (bound, t[prefix.Length..].TrimStart());
        return (null, t);
    }

    private static readonly (string Prefix, Bound Bound)[] Prefixes =
    [
        ("minst", Bound.AtLeast), ("lägst", Bound.AtLeast), ("över", Bound.AtLeast), ("mer än", Bound.AtLeast),
        ("≥", Bound.AtLeast), (">=", Bound.AtLeast), (">", Bound.AtLeast),
        ("högst", Bound.AtMost), ("max", Bound.AtMost), ("mindre än", Bound.AtMost), ("under", Bound.AtMost),
        ("≤", Bound.AtMost), ("<=", Bound.AtMost), ("<", Bound.AtMost),
    ];

    /// Drops markup and joins what PDF extraction splits ("kWh/m ²", "<i>...</i>", non-breaking spaces).
    public static string Normalise(string text)
    {
        var t = Markup().Replace(text, "");
        t = t.Replace('\u00a0', ' ').Replace('\u2212', '-').Replace('–', '-');
        t = t.Replace("m ²", "m²").Replace("m2", "m²");
        return Spaces().Replace(t, " ").Trim().TrimEnd('.');
    }

    private static decimal Number(string s) =>
        decimal.Parse(s.Replace(" ", "").Replace('.', ','), NumberStyles.Number, Swedish);

    private static string? Unit(string s)
    {
        var u = s.Trim();
        return u.Length == 0 ? null : u;
    }

    [GeneratedRegex(@"^genomför(d|da|t)( aktivitet(er)?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Completed();

    [GeneratedRegex(@"^(?<word>större andel|mindre andel|högre andel|lägre andel|högre|större|fler|lägre|mindre|färre) än (?<year>(19|20)\d\d)$", RegexOptions.IgnoreCase)]
    private static partial Regex BetterThanYear();

    // "4,5 (RJH)", "4,8 % (RS)"
    [GeneratedRegex(@"(?<value>-?\d+(?:[,.]\d+)?)\s*(?<unit>%|[^\s(\d][^\s(]*)?\s*\((?<scope>[A-ZÅÄÖ][A-ZÅÄÖa-zåäö0-9-]*)\)")]
    private static partial Regex ScopedParts();

    [GeneratedRegex(@"^(\s*-?\d+(?:[,.]\d+)?\s*(%|[^\s(\d][^\s(]*)?\s*\([A-ZÅÄÖ][A-ZÅÄÖa-zåäö0-9-]*\))+\s*$")]
    private static partial Regex ScopedWhole();

    // A value and its unit: "70 %", "70 st", "200 kWh/m²", "3 aktiviteter ska genomföras ..." (the words after
    // the unit describe it; the original text is kept), "5 st genomförda aktiviteter".
    [GeneratedRegex(@"^(?<value>-?\d{1,3}(?: \d{3})*(?:[,.]\d+)?|-?\d+(?:[,.]\d+)?)\s*(?<unit>%|[^\s\d]+)?(\s.*)?$")]
    private static partial Regex Value();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Markup();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
