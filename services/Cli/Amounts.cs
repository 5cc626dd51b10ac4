using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Region.Budget.V1;

namespace Region.Cli;

/// Money at the edges: whole SEK on the wire, MSEK with one decimal on screen in Swedish format
/// ("-1 585,1"), and the amounts people type ("-8,2 MSEK", "-8.2m", "-8200000").
public static class Amounts
{
    /// An option that takes an amount as people type it; a value that is not one is a usage error naming the option.
    public static Option<long> Option(string name, string description, bool required) => new(name)
    {
        Description = description,
        Required = required,
        HelpName = "amount",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (TryParse(text, out var sek, out var error)) return sek;
            result.AddError($"{name}: {error}");
            return 0;
        },
    };

    public const long SekPerMsek = 1_000_000;

    /// sv-SE, but with an ASCII hyphen and a plain space: .NET's sv-SE uses U+2212 and U+00A0, which
    /// look the same on screen but break grep, copy-paste into scripts and the published documents' form.
    public static readonly CultureInfo Swedish = CreateSwedish();

    // Longest first: "sek" ends in "k" and "mkr" in "kr".
    private static readonly (string Suffix, long Factor)[] Suffixes =
    [
        ("msek", 1_000_000), ("ksek", 1_000),
        ("mkr", 1_000_000), ("tkr", 1_000), ("sek", 1),
        ("kr", 1),
        ("m", 1_000_000), ("k", 1_000),
    ];

    /// MSEK with one decimal, e.g. -1585100000 → "-1 585,1".
    public static string Msek(long sek)
    {
        var msek = Math.Round(sek / (decimal)SekPerMsek, 1, MidpointRounding.AwayFromZero);
        // A tiny negative amount must not print as "-0,0".
        return (msek == 0 ? 0m : msek).ToString("N1", Swedish);
    }

    /// Whole SEK from MSEK as written in a document (one decimal), e.g. -8.2 → -8200000.
    public static long SekFromMsek(decimal msek) => checked((long)decimal.Round(msek * SekPerMsek, 0, MidpointRounding.AwayFromZero));

    /// Reads "-8,2 MSEK", "-8.2m", "1 585,1 mkr", "500 tkr", "-8200000" or "-8 200 000 kr" as whole SEK.
    /// Both ',' and '.' are decimal separators (Swedish and English keyboards); group digits with spaces.
    public static bool TryParse(string? text, out long sek, [NotNullWhen(false)] out string? error)
    {
        sek = 0;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "An amount is required, e.g. \"-8,2 MSEK\", \"-8.2m\" or \"-8200000\".";
            return false;
        }
        var compact = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '\u00A0' && c != '\u202F').ToArray()).ToLowerInvariant();
        long factor = 1;
        foreach (var (suffix, f) in Suffixes)
        {
            if (compact.EndsWith(suffix, StringComparison.Ordinal))
            {
                compact = compact[..^suffix.Length];
                factor = f;
                break;
            }
        }
        compact = compact.Replace('\u2212', '-');
        if (compact.Count(c => c is ',' or '.') > 1)
        {
            error = $"'{text}': use one decimal separator and group digits with spaces, e.g. \"1 585,1 MSEK\".";
            return false;
        }
        if (!decimal.TryParse(compact.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            error = $"'{text}' is not an amount; write e.g. \"-8,2 MSEK\", \"-8.2m\", \"500 tkr\" or \"-8200000\".";
            return false;
        }
        decimal total;
        try
        {
            total = value * factor;
        }
        catch (OverflowException)
        {
            error = $"'{text}' is too large.";
            return false;
        }
        if (total != decimal.Truncate(total))
        {
            error = $"'{text}' is not a whole number of SEK.";
            return false;
        }
        if (total is > long.MaxValue or < long.MinValue)
        {
            error = $"'{text}' is too large.";
            return false;
        }
        sek = (long)total;
        return true;
    }

    private static CultureInfo CreateSwedish()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("sv-SE").Clone();
        culture.NumberFormat.NegativeSign = "-";
        culture.NumberFormat.NumberGroupSeparator = " ";
        return CultureInfo.ReadOnly(culture);
    }
}

/// The seven frame columns by every name they go by: the proto enum, the CLI option value
/// (personnel-costs), the YAML key (personnel_costs) and a short table header.
public sealed record FrameColumnInfo(FrameColumn Column, string OptionName, string YamlName, string Header,
    Func<FrameAmounts, long> Get, Action<FrameAmounts, long> Set)
{
    public static readonly IReadOnlyList<FrameColumnInfo> All =
    [
        new(FrameColumn.ExternalRevenue, "external-revenue", "external_revenue", "Ext. revenue", a => a.ExternalRevenue, (a, v) => a.ExternalRevenue = v),
        new(FrameColumn.InternalRevenue, "internal-revenue", "internal_revenue", "Int. revenue", a => a.InternalRevenue, (a, v) => a.InternalRevenue = v),
        new(FrameColumn.PersonnelCosts, "personnel-costs", "personnel_costs", "Personnel", a => a.PersonnelCosts, (a, v) => a.PersonnelCosts = v),
        new(FrameColumn.Pharmaceuticals, "pharmaceuticals", "pharmaceuticals", "Pharma", a => a.Pharmaceuticals, (a, v) => a.Pharmaceuticals = v),
        new(FrameColumn.OtherExternalCosts, "other-external-costs", "other_external_costs", "Other ext.", a => a.OtherExternalCosts, (a, v) => a.OtherExternalCosts = v),
        new(FrameColumn.Depreciation, "depreciation", "depreciation", "Depreciation", a => a.Depreciation, (a, v) => a.Depreciation = v),
        new(FrameColumn.InternalCosts, "internal-costs", "internal_costs", "Int. costs", a => a.InternalCosts, (a, v) => a.InternalCosts = v),
    ];

    public static FrameColumnInfo? ByOptionName(string name) => All.FirstOrDefault(c => c.OptionName == name);
    public static FrameColumnInfo? ByYamlName(string name) => All.FirstOrDefault(c => c.YamlName == name);

    /// A display name for any column a finding can name, including the net.
    public static string Describe(FrameColumn column) =>
        column == FrameColumn.Net ? "Net" : All.FirstOrDefault(c => c.Column == column)?.Header ?? column.ToString();

    /// The sum of the seven columns (the server derives net the same way).
    public static long Net(FrameAmounts a) => All.Sum(c => c.Get(a));
}
