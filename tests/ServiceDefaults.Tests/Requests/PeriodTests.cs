using Xunit;
using Region.Contracts.Periods;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using CommonApi = Region.Common.V1;

namespace Region.ServiceDefaults.Tests.Requests;

/// The one period model every service, the events and regionctl share.
public sealed class PeriodTests
{
    [Theory]
    [InlineData("2022-T1", PeriodKind.Tertial, 1, 4, "2022-T1")]
    [InlineData("2022-t2", PeriodKind.Tertial, 2, 8, "2022-T2")]
    [InlineData("2022-Y", PeriodKind.Year, 0, 12, "2022-Y")]
    [InlineData("2022", PeriodKind.Year, 0, 12, "2022-Y")]
    [InlineData("2022-M01", PeriodKind.Month, 1, 1, "2022-M01")]
    [InlineData("2022-m8", PeriodKind.Month, 8, 8, "2022-M08")]
    [InlineData("2022-05", PeriodKind.Month, 5, 5, "2022-M05")]
    [InlineData(" 2022-M12 ", PeriodKind.Month, 12, 12, "2022-M12")]
    public void Every_documented_form_parses_to_one_period_with_one_canonical_text(string text, PeriodKind kind, int number, int throughMonth, string canonical)
    {
        var period = Period.TryParse(text);

        Assert.NotNull(period);
        Assert.Equal((2022, kind, number, throughMonth), (period.Value.Year, period.Value.Kind, period.Value.Number, period.Value.ThroughMonth));
        Assert.Equal(canonical, period.Value.ToString());
        Assert.Equal(period, Period.TryParse(canonical));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("2022-T4")]
    [InlineData("2022-T0")]
    [InlineData("2022-M13")]
    [InlineData("2022-13")]
    [InlineData("2022-T")]
    [InlineData("22-T1")]
    [InlineData("T2")]
    [InlineData("2022-T2-1")]
    [InlineData("1999-Y")]
    [InlineData("2101")]
    [InlineData("٢٠٢٢-T2")]
    [InlineData("2022-T٢")]
    [InlineData("2022-M99999999999")]
    [InlineData("2022-Y1")]
    public void Anything_else_is_no_period(string? text) => Assert.Null(Period.TryParse(text));

    [Theory]
    [InlineData(PeriodKind.Tertial, 1, "2022-01-01", "2022-04-30")]
    [InlineData(PeriodKind.Tertial, 2, "2022-05-01", "2022-08-31")]
    [InlineData(PeriodKind.Tertial, 3, "2022-09-01", "2022-12-31")]
    [InlineData(PeriodKind.Month, 2, "2022-02-01", "2022-02-28")]
    [InlineData(PeriodKind.Year, 0, "2022-01-01", "2022-12-31")]
    public void A_period_knows_its_first_and_last_day(PeriodKind kind, int number, string first, string last)
    {
        var period = Period.TryCreate(2022, kind, number)!.Value;

        Assert.Equal((DateOnly.Parse(first), DateOnly.Parse(last)), (period.FirstDay, period.LastDay));
    }

    [Fact]
    public void A_year_is_number_0_whatever_number_was_sent()
    {
        Assert.Equal(Period.FullYear(2022), Period.TryCreate(2022, PeriodKind.Year, 1));
        Assert.Equal(0, Period.FullYear(2022).Number);
    }

    [Fact]
    public void A_period_as_sent_is_checked_field_by_field()
    {
        var v = new Violations();

        Assert.Null(Input.CheckPeriod(new CommonApi.Period { Year = 2022, Kind = CommonApi.PeriodKind.Tertial, Number = 4 }, "covers", v));
        Assert.Null(Input.CheckPeriod(new CommonApi.Period { Year = 1900, Number = 1 }, "x", v));
        Assert.Null(Input.CheckPeriod(new CommonApi.Period { Year = 2022, Kind = (CommonApi.PeriodKind)99 }, "y", v));
        Assert.Null(Input.CheckPeriod((CommonApi.Period?)null, "z", v));
        Assert.Equal(Period.Month(2022, 8), Input.CheckPeriod(new CommonApi.Period { Year = 2022, Kind = CommonApi.PeriodKind.Month, Number = 8 }, "ok", v));

        Assert.Equal(["covers.number", "x.year", "x.kind", "y.kind", "z"], v.Items.Select(x => x.Field));
    }

    [Fact]
    public void A_period_travels_as_region_common_v1_Period_and_back()
    {
        var v = new Violations();
        foreach (var period in new[] { Period.Month(2022, 8), Period.Tertial(2022, 2), Period.FullYear(2022) })
            Assert.Equal(period, Input.CheckPeriod(period.ToProto(), "p", v));
        Assert.False(v.Any);
    }
}
