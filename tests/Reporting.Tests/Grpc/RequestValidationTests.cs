using Google.Rpc;
using Grpc.Core;
using Region.Reporting.V1;
using Region.TestSupport;

namespace Region.Reporting.Tests.Grpc;

/// Every reporting RPC against what a careless or hostile caller sends: each bad request is
/// INVALID_ARGUMENT with a BadRequest naming exactly the bad fields, and the status never echoes
/// the input unbounded. One test per RPC, one row per bad request.
public sealed class RequestValidationTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly string Huge = new('R', 100_000);
    const string Markup = "<img src=x onerror=alert(1)>";

    /// Body code and period as every report RPC takes them, with the fields each row gets wrong.
    public static TheoryData<string, string, string[]> BadReportRequests => new()
    {
        { "", "", ["body_code", "period"] },
        { "RS\0", "2022-T2", ["body_code"] },
        { Huge, "2022-T2", ["body_code"] },
        { Markup, "2022-T2", ["body_code"] },
        { "\u202Eرس", "99999999999999999999", ["body_code", "period"] },
        { "RS", "٢٠٢٢-T2", ["period"] },
        { "RS", "2022-T2\0", ["period"] },
        { "RS", Huge, ["period"] },
        { "RS", "2022-M13", ["period"] },
        { "RS", "1999-T2", ["period"] },
    };

    [Theory, MemberData(nameof(BadReportRequests))]
    public async Task GetReport_refuses_bad_body_codes_and_periods(string body, string period, string[] fields)
    {
        var client = host.Client(ReportingHost.NewTenant());
        await Refused(() => client.GetReportAsync(new() { BodyCode = body, Period = period }).ResponseAsync, fields);
    }

    [Theory, MemberData(nameof(BadReportRequests))]
    public async Task ListRedGoalsWithDeficit_refuses_bad_body_codes_and_periods(string body, string period, string[] fields)
    {
        var client = host.Client(ReportingHost.NewTenant());
        await Refused(() => client.ListRedGoalsWithDeficitAsync(new() { BodyCode = body, Period = period }).ResponseAsync, fields);
    }

    [Theory, MemberData(nameof(BadReportRequests))]
    public async Task WatchReport_refuses_bad_body_codes_and_periods_before_streaming(string body, string period, string[] fields)
    {
        var client = host.Client(ReportingHost.NewTenant());
        using var call = client.WatchReport(new() { BodyCode = body, Period = period });
        await Refused(() => call.ResponseStream.MoveNext(default), fields);
    }

    [Fact]
    public async Task RenderReport_refuses_a_bad_note_format_body_code_or_period()
    {
        var client = host.Client(ReportingHost.NewTenant());
        var cases = new (RenderReportRequest Request, string[] Fields)[]
        {
            (new() { BodyCode = "RS", Period = "2022-T2", Note = new string('n', 501) }, ["note"]),
            (new() { BodyCode = "RS", Period = "2022-T2", Note = "Demodata\0" }, ["note"]),
            (new() { BodyCode = "RS", Period = "2022-T2", Note = Huge }, ["note"]),
            (new() { BodyCode = "RS", Period = "2022-T2", Format = (ReportFormat)99 }, ["format"]),
            (new() { BodyCode = Huge, Period = "٢٠٢٢-T2", Format = (ReportFormat)(-1), Note = "\u0007" }, ["note", "format", "body_code", "period"]),
        };
        foreach (var (request, fields) in cases)
            await Refused(() => client.RenderReportAsync(request).ResponseAsync, fields);
    }

    [Fact]
    public async Task GetDeviationByMonth_refuses_a_bad_unit_year_month_or_level()
    {
        var client = host.Client(ReportingHost.NewTenant());
        var cases = new (GetDeviationByMonthRequest Request, string[] Fields)[]
        {
            (new(), ["unit_code", "year"]),
            (new() { UnitCode = "RS\0", Year = 2022 }, ["unit_code"]),
            (new() { UnitCode = Huge, Year = 2022 }, ["unit_code"]),
            (new() { UnitCode = "RS", Year = 1999, ThroughMonth = 13 }, ["year", "through_month"]),
            (new() { UnitCode = "RS", Year = 2022, ThroughMonth = -1 }, ["through_month"]),
            (new() { UnitCode = "RS", Year = 2022, Level = "Nonsense" }, ["level"]),
            (new() { UnitCode = "RS", Year = 2022, Level = Huge }, ["level"]),
            (new() { UnitCode = "RS", Year = int.MinValue, Level = "Division\0" }, ["year", "level"]),
        };
        foreach (var (request, fields) in cases)
            await Refused(() => client.GetDeviationByMonthAsync(request).ResponseAsync, fields);
    }

    [Fact]
    public async Task ListTopDeviations_refuses_a_bad_unit_year_month_or_limit()
    {
        var client = host.Client(ReportingHost.NewTenant());
        var cases = new (ListTopDeviationsRequest Request, string[] Fields)[]
        {
            (new(), ["unit_code", "year", "through_month"]),
            (new() { UnitCode = Markup, Year = 2022, ThroughMonth = 8 }, ["unit_code"]),
            (new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8, Limit = -1 }, ["limit"]),
            (new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8, Limit = 1001 }, ["limit"]),
            (new() { UnitCode = "RS", Year = 2101, ThroughMonth = int.MaxValue, Limit = int.MinValue }, ["year", "through_month", "limit"]),
        };
        foreach (var (request, fields) in cases)
            await Refused(() => client.ListTopDeviationsAsync(request).ResponseAsync, fields);
    }

    [Fact]
    public async Task An_unknown_body_or_unit_is_NOT_FOUND_and_quoted_briefly()
    {
        var client = host.Client(ReportingHost.NewTenant());
        var code = new string('X', 40);

        var body = await Rpc.FailsWith(StatusCode.NotFound, () => client.GetReportAsync(new() { BodyCode = "nope", Period = "2022-T2" }).ResponseAsync);
        // Quoted in the one form codes are compared in; this new region has no units at all, and is told so.
        Assert.Equal("This region has no org units yet, so no unit 'NOPE': import the region's budget (its units) first.", body.Status.Detail);
        await Rpc.FailsWith(StatusCode.NotFound, () => client.RenderReportAsync(new() { BodyCode = code, Period = "2022-T2" }).ResponseAsync);
        await Rpc.FailsWith(StatusCode.NotFound, () => client.ListRedGoalsWithDeficitAsync(new() { BodyCode = "RS", Period = "2022-T2" }).ResponseAsync);
        using var watch = client.WatchReport(new() { BodyCode = "RS", Period = "2022-T2" });
        await Rpc.FailsWith(StatusCode.NotFound, () => watch.ResponseStream.MoveNext(default));
        var unit = await Rpc.FailsWith(StatusCode.NotFound, () => client.GetDeviationByMonthAsync(new() { UnitCode = code, Year = 2022 }).ResponseAsync);
        Assert.Equal($"This region has no org units yet, so no unit '{code}': import the region's budget (its units) first.", unit.Status.Detail);
        await Rpc.FailsWith(StatusCode.NotFound, () => client.ListTopDeviationsAsync(new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8 }).ResponseAsync);
    }

    /// INVALID_ARGUMENT naming exactly these fields, in a message of bounded size that quotes the
    /// caller's input at most 40 characters long and without control characters.
    static async Task Refused(Func<Task> call, string[] fields)
    {
        var e = await Rpc.FailsWith(StatusCode.InvalidArgument, call);
        var details = e.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(details);
        Assert.Equal(fields.Order(), details.FieldViolations.Select(v => v.Field).Order());
        Assert.True(e.Status.Detail.Length < 1000, $"A {e.Status.Detail.Length}-character message");
        Assert.DoesNotContain("RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR", e.Status.Detail);
        Assert.False(e.Status.Detail.Contains('\0', StringComparison.Ordinal), "A NUL in the message");
    }
}
