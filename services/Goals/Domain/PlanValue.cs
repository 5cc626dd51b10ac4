using System.Globalization;

namespace Region.Goals.Domain;

/// The values of a plan (target values, baselines, outcomes): at most 15 digits before the decimal point and
/// 6 after. Within this range every sum and comparison the status rule makes stays inside decimal's range,
/// so a value a caller may send can never make a status throw.
public static class PlanValue
{
    public const decimal Max = 999_999_999_999_999.999999m;
    public const int MaxDecimals = 6;

    /// What the proto comments and the violations say.
    public const string Range = "a number from -999999999999999.999999 to 999999999999999.999999, at most 6 decimals";

    public static bool InRange(decimal value) => Math.Abs(value) <= Max && decimal.Round(value, MaxDecimals) == value;

    /// A number as the plans write it, with a dot or a comma and no exponent; null when it is none or out of range.
    public static decimal? Parse(string text) =>
        decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
            CultureInfo.InvariantCulture, out var value) && InRange(value) ? value : null;
}
