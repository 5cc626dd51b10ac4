using Region.Contracts.Text;
using Xunit;

namespace Region.ServiceDefaults.Tests.Requests;

/// "Did you mean": the issue's own typos find what was meant, and nothing far off is suggested.
public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("RSS", new[] { "RS", "RD", "VV", "NARA-11" }, " Did you mean RS?")]
    [InlineData("nara11", new[] { "NARA-12", "NARA-11", "RS" }, " Did you mean NARA-11?")]
    [InlineData("frame", new[] { "frames", "frame-table", "deviation" }, " Did you mean frames?")]
    [InlineData("RSX", new[] { "RS", "RST", "RSA" }, " Did you mean RS, RSA or RST?")]
    [InlineData("FASTIGHET", new[] { "RS", "RD", "VV" }, "")]
    [InlineData("", new[] { "RS" }, "")]
    public void DidYouMean_names_the_known_codes_within_a_typo(string typed, string[] known, string expected) =>
        Assert.Equal(expected, Suggestions.DidYouMean(typed, known));
}
