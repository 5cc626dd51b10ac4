using Region.Contracts.Periods;
using Region.ServiceDefaults.Errors;

namespace Region.ServiceDefaults.Requests;

/// Checks on what a caller sent that every service makes the same way.
public static class Input
{
    /// Plans, budgets and calendars are kept for these years.
    public const int FirstYear = Period.FirstYear;
    public const int LastYear = Period.LastYear;

    public static bool IsValidYear(int year) => year is >= FirstYear and <= LastYear;

    /// Adds a violation unless the year is one the system keeps; returns whether it is.
    public static bool CheckYear(int year, string field, Violations v) =>
        v.Check(IsValidYear(year), field, $"A year between {FirstYear} and {LastYear}.");

    /// Optional text as stored: trimmed, and null when the caller sent nothing but blanks.
    public static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// A period as region.common.v1.Period; null (with the violations added) when it is missing or
    /// not one: a year the system keeps, a kind, month 1-12 or tertial 1-3.
    public static Period? CheckPeriod(Common.V1.Period? p, string field, Violations v)
    {
        if (p is null || p.Year == 0 && p.Kind == Common.V1.PeriodKind.Unspecified)
        {
            v.Add(field, $"A period is required: year, kind and number ({Period.Forms}).");
            return null;
        }
        var ok = CheckYear(p.Year, $"{field}.year", v);
        var kind = p.Kind is Common.V1.PeriodKind.Unspecified || !Enum.IsDefined(p.Kind) ? (PeriodKind?)null : (PeriodKind)(int)p.Kind;
        if (!v.Check(kind is not null, $"{field}.kind", "Say whether the period is a month, a tertial or the year.")) return null;
        var period = Period.TryCreate(p.Year, kind!.Value, p.Number);
        if (period is null && ok)
            v.Add($"{field}.number", kind == PeriodKind.Month ? "A month from 1 to 12." : "A tertial from 1 to 3.");
        return ok ? period : null;
    }

    /// A period in its text form ("2022-T2", ...); null (with a violation) when it is not one.
    public static Period? CheckPeriod(string? text, string field, Violations v)
    {
        var period = Period.TryParse(text);
        v.Check(period is not null, field, $"A period such as {Period.Forms}; the year between {FirstYear} and {LastYear}.");
        return period;
    }

    /// Codes (units, bodies, goals, areas) are at most this long unless a column says less.
    public const int MaxCodeLength = 40;

    /// Text a caller sends: at most max characters (its column's size), no control characters (tab
    /// and line breaks only in multi-line text) and no unpaired surrogates. Blank counts as missing.
    public static bool CheckText(string? value, string field, int max, Violations v, bool required = false, bool multiLine = false)
    {
        if (string.IsNullOrWhiteSpace(value)) return v.Check(!required, field, "Required.");
        if (!v.Check(value.Length <= max, field, $"At most {max} characters (got {value.Length}).")) return false;
        return v.Check(!HasForbiddenCharacter(value, multiLine), field,
            multiLine ? "Holds a control character." : "Holds a control character or a line break.");
    }

    /// An e-mail address is at most this long (RFC 5321's path limit less the brackets).
    public const int MaxEmailLength = 254;

    /// A bare address (local@domain, no display name or brackets) that SMTP can deliver to: at
    /// most MaxEmailLength characters, one '@', a domain with a dot. Blank counts as missing.
    public static bool CheckEmail(string? value, string field, Violations v, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value)) return v.Check(!required, field, "An e-mail address is required.");
        var address = value.Trim();
        if (!v.Check(address.Length <= MaxEmailLength, field, $"An e-mail address has at most {MaxEmailLength} characters (got {address.Length}).")) return false;
        // MailAddress also accepts "Name <a@b>" and quoted forms; only the bare address it parses back to itself is ours.
        var ok = !HasForbiddenCharacter(value, multiLine: false) && !address.Any(char.IsWhiteSpace)
            && System.Net.Mail.MailAddress.TryCreate(address, out var parsed) && parsed.Address == address && parsed.Host.Contains('.');
        return v.Check(ok, field, $"Not an e-mail address such as name@example.se: {Quote(address)}.");
    }

    /// A code: letters, digits and - _ . only, at most max characters. Codes are compared without
    /// regard to case and stored as Code() gives them.
    public static bool CheckCode(string? value, string field, Violations v, bool required = true, int max = MaxCodeLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return v.Check(!required, field, "A code is required.");
        var code = value.Trim();
        if (!v.Check(code.Length <= max, field, $"A code has at most {max} characters (got {code.Length}).")) return false;
        return v.Check(code.All(c => char.IsLetter(c) || c is >= '0' and <= '9' or '-' or '_' or '.'), field,
            $"A code holds letters, digits and - _ . only, not {Quote(code)}.");
    }

    /// The one stored and compared form of a code: trimmed, upper case.
    public static string Code(string value) => value.Trim().ToUpperInvariant();

    /// Input quoted in a message for people: at most 40 characters and nothing unprintable, so a
    /// message never grows with what the caller sent.
    public static string Quote(string? value)
    {
        if (value is null) return "''";
        var shown = new string(value.Take(40).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray());
        return $"'{shown}{(value.Length > 40 ? "…" : "")}'";
    }

    private static bool HasForbiddenCharacter(string value, bool multiLine)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return true;
            if (multiLine && c is '\n' or '\r' or '\t') continue;
            if (char.IsControl(c)) return true;
        }
        return false;
    }
}
