namespace Region.Cli.Tests;

public sealed class AmountsTests
{
    [Theory]
    [InlineData("-8,2 MSEK", -8_200_000)]
    [InlineData("-8.2m", -8_200_000)]
    [InlineData("-8,2 mkr", -8_200_000)]
    [InlineData("\u22128,2 Mkr", -8_200_000)]
    [InlineData("1 585,1 MSEK", 1_585_100_000)]
    [InlineData("1\u00A0585,1m", 1_585_100_000)]
    [InlineData("500 tkr", 500_000)]
    [InlineData("0,25k", 250)]
    [InlineData("-8200000", -8_200_000)]
    [InlineData("-8 200 000 kr", -8_200_000)]
    [InlineData("+12 SEK", 12)]
    [InlineData("0", 0)]
    public void Typed_amounts_are_read_as_whole_SEK(string text, long expected)
    {
        Assert.True(Amounts.TryParse(text, out var sek, out var error), error);
        Assert.Equal(expected, sek);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("abc", "not an amount")]
    [InlineData("8,25", "whole number of SEK")]
    [InlineData("1,585.1m", "one decimal separator")]
    [InlineData("1.000.000", "one decimal separator")]
    [InlineData("99999999999999999999m", "too large")]
    public void Amounts_that_are_not_amounts_say_why(string text, string reason)
    {
        Assert.False(Amounts.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData(-1_585_100_000, "-1 585,1")]
    [InlineData(3_373_400_000, "3 373,4")]
    [InlineData(-8_200_000, "-8,2")]
    [InlineData(0, "0,0")]
    [InlineData(-40_000, "0,0")]
    [InlineData(-50_000, "-0,1")]
    [InlineData(4_962_700_000, "4 962,7")]
    public void SEK_are_shown_as_MSEK_with_one_decimal_in_Swedish_format(long sek, string expected) =>
        Assert.Equal(expected, Amounts.Msek(sek));

    [Fact]
    public void MSEK_as_printed_become_whole_SEK()
    {
        Assert.Equal(-1_585_100_000, Amounts.SekFromMsek(-1585.1m));
        Assert.Equal(452_700_000, Amounts.SekFromMsek(452.7m));
    }
}
