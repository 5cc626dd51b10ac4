namespace Region.Investments.Domain;

/// Document amounts are kSEK (Tkr); the model keeps whole SEK. Conversion happens only here.
public static class Ksek
{
    public const long MaxKsek = long.MaxValue / 1000;

    public static bool IsConvertible(long ksek) => ksek is >= -MaxKsek and <= MaxKsek;

    public static long ToSek(long ksek) => checked(ksek * 1000);
}
