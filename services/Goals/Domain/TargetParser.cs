using System.Globalization;
using System.Text.RegularExpressions;
using Region.ServiceDefaults.Requests;

namespace Region.Goals.Domain;

/// What the plan says around a target text that the text itself leaves out: the bound when a bare
/// value such as "95 %" does not say minst/högst (the goal's title or description does), and the
/// baseline a signed change such as "-20 %" is measured against.
public sealed record TargetHints(Bound? Bound = null, Baseline? Baseline = null)
{
    public static readonly TargetHints None = new();
}

/// Turns the Swedish target texts (målvärden) of the plans into typed targets. A text it cannot
/// type becomes an <see cref="UnclassifiedTarget"/> that says why; it never guesses, and never throws: digits
/// are ASCII only (a regex \d would take "٢٠٢١" too) and a value beyond <see cref="PlanValue"/> is a reason, not an error.
public static partial class TargetParser
{
    public static Target Parse(string text, TargetHints? hints = null)
    {
        hints ??= TargetHints.None;
        var original = text.Trim();
        var t = Normalise(original);
        if (t.Length == 0) return new UnclassifiedTarget(original, "The target text is empty.");

        if (Completed().IsMatch(t)) return new ActivityCompletedTarget(original);
        if (t.Contains("kompletteras", StringComparison.OrdinalIgnoreCase)) return new NotSetTarget(original);

        if (BetterThanYear().Match(t) is { Success: true } better)
        {
            var bound = better.Groups["word"].Value.ToLowerInvariant() is "lägre" or "mindre" or "färre" or "lägre andel" or "mindre andel"
                ? Bound.AtMost : Bound.AtLeast;
            // The regex allows ASCII digits only, so the year always parses; it may still be one no plan has.
            var year = int.Parse(better.Groups["year"].Value, CultureInfo.InvariantCulture);
            return Input.IsValidYear(year)
                ? new BetterThanYearTarget(original, bound, year)
                : new UnclassifiedTarget(original, $"The year {year} is not one between {Input.FirstYear} and {Input.LastYear}.");
        }

        var (prefixBound, rest) = SplitBound(t);
        var bound2 = prefixBound ?? hints.Bound;

        if (ScopedParts().Matches(rest) is { Count: > 1 } parts && ScopedWhole().IsMatch(rest))
        {
            if (bound2 is null) return Unbounded(original);
            if (parts.Count > TargetSpec.MaxScopes) return new UnclassifiedTarget(original, $"More than {TargetSpec.MaxScopes} scopes.");
            var scopes = new List<ScopedValue>();
            foreach (Match part in parts)
            {
                var scope = part.Groups["scope"].Value;
                if (scope.Length > TargetSpec.MaxScopeLength) return new UnclassifiedTarget(original, $"A scope name has at most {TargetSpec.MaxScopeLength} characters.");
                if (Number(part.Groups["value"].Value) is not { } scoped) return OutOfRange(original, part.Groups["value"].Value);
                if (Unit(part.Groups["unit"].Value) is { Length: > TargetSpec.MaxUnitLength }) return UnitTooLong(original);
                scopes.Add(new ScopedValue(scope, scoped, Unit(part.Groups["unit"].Value)));
            }
            return new PerScopeTarget(original, bound2.Value, scopes);
        }

        if (Value().Match(rest) is not { Success: true } value)
            return new UnclassifiedTarget(original, "No value found in the text.");
        if (Number(value.Groups["value"].Value) is not { } number) return OutOfRange(original, value.Groups["value"].Value);
        var unit = Unit(value.Groups["unit"].Value);
        if (unit is { Length: > TargetSpec.MaxUnitLength }) return UnitTooLong(original);

        // A signed change with a baseline from the plan ("-20 %" vs 2019) is a change, not a level.
        if (prefixBound is null && hints.Baseline is { } baseline && unit == "%")
            return new ChangeVsBaselineTarget(original, number, baseline);
        if (bound2 is null) return Unbounded(original);
        return new ThresholdTarget(original, bound2.Value, number, unit);
    }

    private static UnclassifiedTarget OutOfRange(string original, string number) =>
        new(original, $"The value {Input.Quote(number)} is not {PlanValue.Range}.");

    private static UnclassifiedTarget UnitTooLong(string original) =>
        new(original, $"The unit after the value has more than {TargetSpec.MaxUnitLength} characters.");

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

    /// Null when the value is beyond what a plan holds ("99999999999999999999 %").
    private static decimal? Number(string s) => PlanValue.Parse(s.Replace(" ", ""));

    private static string? Unit(string s)
    {
        var u = s.Trim();
        return u.Length == 0 ? null : u;
    }

    [GeneratedRegex(@"^genomför(d|da|t)( aktivitet(er)?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Completed();

    [GeneratedRegex(@"^(?<word>större andel|mindre andel|högre andel|lägre andel|högre|större|fler|lägre|mindre|färre) än (?<year>(19|20)[0-9][0-9])$", RegexOptions.IgnoreCase)]
    private static partial Regex BetterThanYear();

    // "4,5 (RJH)", "4,8 % (RS)"
    [GeneratedRegex(@"(?<value>-?[0-9]+(?:[,.][0-9]+)?)\s*(?<unit>%|[^\s(0-9][^\s(]*)?\s*\((?<scope>[A-ZÅÄÖ][A-ZÅÄÖa-zåäö0-9-]*)\)")]
    private static partial Regex ScopedParts();

    // Without backtracking: "4" + unit ",5" reads "4,5" too, so a long list of scopes that fails at its end
    // ("4,5 (RJH) " × 49 + "x") would be tried 2^49 ways. The whole text is only checked, never captured.
    [GeneratedRegex(@"^(\s*-?[0-9]+(?:[,.][0-9]+)?\s*(%|[^\s(0-9][^\s(]*)?\s*\([A-ZÅÄÖ][A-ZÅÄÖa-zåäö0-9-]*\))+\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex ScopedWhole();

    // A value and its unit: "70 %", "70 st", "200 kWh/m²", "3 aktiviteter ska genomföras ..." (the words after
    // the unit describe it; the original text is kept), "5 st genomförda aktiviteter".
    [GeneratedRegex(@"^(?<value>-?[0-9]{1,3}(?: [0-9]{3})*(?:[,.][0-9]+)?|-?[0-9]+(?:[,.][0-9]+)?)\s*(?<unit>%|[^\s0-9]+)?(\s.*)?$")]
    private static partial Regex Value();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Markup();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
