using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Xunit;

namespace Region.ServiceDefaults.Tests.Requests;

public sealed class EtagTests
{
    [Fact]
    public void A_missing_etag_is_a_violation_of_its_field()
    {
        var v = new Violations();
        Assert.False(Etag.Check("  ", v, "frame.etag", "the frame"));
        var violation = Assert.Single(Assert.Throws<ValidationFailedException>(v.ThrowIfAny).Violations);
        Assert.Equal("frame.etag", violation.Field);
    }

    [Fact]
    public void An_etag_longer_than_a_version_number_or_with_a_line_break_is_a_violation_of_its_field()
    {
        var v = new Violations();
        Assert.True(Etag.Check(new string('9', Etag.MaxLength), v, "from_etag", "the frame"));
        Assert.False(Etag.Check(new string('9', Etag.MaxLength + 1), v, "from_etag", "the frame"));
        Assert.False(Etag.Check("4\n", v, "to_etag", "the frame"));
        var violations = Assert.Throws<ValidationFailedException>(v.ThrowIfAny).Violations;
        Assert.Equal(["from_etag", "to_etag"], violations.Select(x => x.Field));
        Assert.Contains($"At most {Etag.MaxLength} characters (got 21)", violations[0].Description);
    }

    [Fact]
    public void A_stale_etag_is_a_conflict_that_names_both_versions()
    {
        var e = Assert.Throws<ConcurrencyConflictException>(() => Etag.Match("3", 4, "the frame"));
        Assert.Contains("The frame has changed since you read it (etag '3', now 4)", e.Message);
        Etag.Match(" 4 ", 4, "the frame");
    }

    [Fact]
    public void A_stale_etag_of_any_length_or_content_is_shown_short_and_printable()
    {
        var sent = "\u0007" + new string('9', 10_000);
        var e = Assert.Throws<ConcurrencyConflictException>(() => Etag.Match(sent, 4, "the frame"));
        Assert.True(e.Message.Length < 200, e.Message);
        Assert.DoesNotContain('\u0007', e.Message);
    }
}
