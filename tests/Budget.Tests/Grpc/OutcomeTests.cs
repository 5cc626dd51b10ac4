using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.V1;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

public sealed class OutcomeTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    private static RecordOutcomesRequest MonthsOf(string requestId, string unit, FrameColumn column, int fromMonth, int toMonth, long amount)
    {
        var request = new RecordOutcomesRequest { RequestId = requestId };
        for (var m = fromMonth; m <= toMonth; m++)
            request.Lines.Add(new OutcomeLine { UnitCode = unit, Year = 2022, Month = m, Column = column, Amount = amount });
        return request;
    }

    [Fact]
    public async Task A_retried_batch_changes_nothing()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var batch = MonthsOf("batch-1", "RD", FrameColumn.PersonnelCosts, 1, 4, -20_000_000);

        var first = await client.RecordOutcomesAsync(batch);
        var countsAfterFirst = await host.RowCountsAsync(tenant);
        var retry = await client.RecordOutcomesAsync(batch);

        Assert.Equal((4, false), (first.Recorded, first.AlreadyRecorded));
        Assert.Equal((4, true), (retry.Recorded, retry.AlreadyRecorded));
        Assert.Equal(countsAfterFirst, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task Recording_a_month_again_replaces_its_value()
    {
        var client = await host.SeededClientAsync(NewTenant());
        await client.RecordOutcomesAsync(MonthsOf("a", "VV", FrameColumn.InternalCosts, 1, 1, -50_000_000));
        await client.RecordOutcomesAsync(MonthsOf("b", "VV", FrameColumn.InternalCosts, 1, 1, -60_000_000));

        var deviation = await client.GetDeviationAsync(new() { UnitCode = "VV", Year = 2022, ThroughMonth = 1 });
        Assert.Equal(-60_000_000, deviation.Total.Outcome.InternalCosts);
    }

    [Fact]
    public async Task Deviation_is_period_budget_against_outcome_per_unit_and_rolled_up()
    {
        var client = await host.SeededClientAsync(NewTenant());
        // Regiondirektör: personnel -282,9 MSEK a year. Eight months of -18 MSEK is 144 MSEK against a
        // period budget of 188,6 MSEK: 44,6 MSEK better than budget.
        await client.RecordOutcomesAsync(MonthsOf("rd", "RD", FrameColumn.PersonnelCosts, 1, 8, Seed2022.Sek(-18m)));
        // Vårdval: internal costs -688,2 a year (57,35 a month); 60 a month for eight months is 21,2 worse.
        await client.RecordOutcomesAsync(MonthsOf("vv", "VV", FrameColumn.InternalCosts, 1, 8, Seed2022.Sek(-60m)));
        await client.RecordForecastAsync(new() { UnitCode = "VV", Year = 2022, Net = Seed2022.Sek(-885.0m), Comment = "Högre kostnader för hälsoval" });

        var report = await client.GetDeviationAsync(new() { UnitCode = "RS-TJM", Year = 2022, ThroughMonth = 8, IncludeSubtree = true });

        var rd = report.Rows.Single(r => r.Unit.Code == "RD");
        Assert.Equal(Seed2022.Sek(-188.6m), rd.PeriodBudget.PersonnelCosts);
        Assert.Equal(Seed2022.Sek(44.6m), rd.Deviation.PersonnelCosts);
        var vv = report.Rows.Single(r => r.Unit.Code == "VV");
        Assert.Equal(Seed2022.Sek(-458.8m), vv.PeriodBudget.InternalCosts);
        Assert.Equal(Seed2022.Sek(-21.2m), vv.Deviation.InternalCosts);
        Assert.True(vv.HasForecast);
        Assert.Equal(Seed2022.Sek(-31.4m), vv.ForecastDeviation);

        Assert.Equal("RS-TJM", report.Total.Unit.Code);
        Assert.Equal(report.Rows.Where(r => r.Unit.Depth == 1).Sum(r => r.Deviation.Net), report.Total.Deviation.Net);
        Assert.Equal(report.Total.Outcome.Net - report.Total.PeriodBudget.Net, report.Total.Deviation.Net);
        Assert.Equal(Seed2022.Sek(-1585.1m), report.Total.AnnualBudget.Net);
    }

    [Fact]
    public async Task A_bad_batch_lists_every_violation_and_records_nothing()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var before = await host.RowCountsAsync(tenant);
        var batch = new RecordOutcomesRequest
        {
            RequestId = "bad",
            Lines =
            {
                new OutcomeLine { UnitCode = "NOPE", Year = 2022, Month = 1, Column = FrameColumn.PersonnelCosts, Amount = 1 },
                new OutcomeLine { UnitCode = "RD", Year = 2022, Month = 13, Column = FrameColumn.Net, Amount = 1 },
                new OutcomeLine { UnitCode = "RD", Year = 2022, Month = 2, Column = FrameColumn.PersonnelCosts, Amount = 1 },
                new OutcomeLine { UnitCode = "RD", Year = 2022, Month = 2, Column = FrameColumn.PersonnelCosts, Amount = 2 },
            },
        };
        await InvalidArgument(() => client.RecordOutcomesAsync(batch).ResponseAsync,
            "lines[0].unit_code", "lines[1].month", "lines[1].column", "lines[3]");
        await InvalidArgument(() => client.RecordOutcomesAsync(new()).ResponseAsync, "request_id", "lines");
        Assert.Equal(before, await host.RowCountsAsync(tenant));
        await InvalidArgument(() => client.GetDeviationAsync(new() { UnitCode = "RD", Year = 2022, ThroughMonth = 0 }).ResponseAsync, "through_month");
    }

    [Fact]
    public async Task Financing_belongs_to_a_body()
    {
        var client = await host.SeededClientAsync(NewTenant());
        await InvalidArgument(() => client.SetFinancingAsync(new() { BodyCode = "RD", Year = 2022, Amounts = new() }).ResponseAsync, "body_code");
        var set = await client.SetFinancingAsync(new() { BodyCode = "RS", Year = 2022, Amounts = new() { TaxRevenue = 10, FinancialCosts = -3 } });
        Assert.Equal(7, set.Amounts.Total);
        Assert.Equal(7 + Seed2022.Sek(-1589.3m), (await client.GetBudgetSummaryAsync(new() { BodyCode = "RS", Year = 2022 })).TotalNetBudget);
    }

    [Fact]
    public async Task Financing_sent_with_the_etag_read_is_refused_once_someone_else_changed_it()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        SetFinancingRequest Set(int year, long tax, string? etag = null) =>
            new() { BodyCode = "RS", Year = year, Amounts = new() { TaxRevenue = tax }, Etag = etag ?? "" };
        async Task<BudgetSummary> Summary(int year) => await client.GetBudgetSummaryAsync(new() { BodyCode = "RS", Year = year });

        // The frame table set 2022's financing; 2023 has none yet.
        Assert.Equal("none", (await Summary(2023)).FinancingEtag);
        var created = await client.SetFinancingAsync(Set(2023, 10, "none"));
        await FailsWith(StatusCode.Aborted, () => client.SetFinancingAsync(Set(2023, 11, "none")).ResponseAsync);
        Assert.Equal(created.Etag, (await Summary(2023)).FinancingEtag);

        var read = (await Summary(2022)).FinancingEtag;
        var changed = await client.SetFinancingAsync(Set(2022, 20, read));
        var counts = await host.RowCountsAsync(tenant);
        await FailsWith(StatusCode.Aborted, () => client.SetFinancingAsync(Set(2022, 30, read)).ResponseAsync);
        var summary = await Summary(2022);
        Assert.Equal((20, changed.Etag), (summary.Financing.TaxRevenue, summary.FinancingEtag));
        Assert.Equal(counts, await host.RowCountsAsync(tenant));
        Assert.NotEqual(read, changed.Etag);
        // Without an etag it replaces whatever is there.
        Assert.Equal(40, (await client.SetFinancingAsync(Set(2022, 40))).Amounts.TaxRevenue);
    }

    [Fact]
    public async Task Two_recordings_of_a_forecast_from_the_same_version_do_not_both_save()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.RecordForecastAsync(new() { UnitCode = "RD", Year = 2022, Net = -1 });
        await using var one = host.Db(tenant);
        await using var other = host.Db(tenant);
        var a = await one.Forecasts.SingleAsync();
        var b = await other.Forecasts.SingleAsync();
        (a.Net, a.Version) = (-2, a.Version + 1);
        (b.Net, b.Version) = (-3, b.Version + 1);

        await one.SaveChangesAsync();
        // Both would be version 2 with different figures, and reporting keeps only one of them.
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => other.SaveChangesAsync());
    }
}
