using Grpc.Core;
using Region.Budget.V1;
using Region.Contracts.Budget;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// Issue 15: amounts are int64 and used to wrap silently (two long.MaxValue columns gave a net of
/// −2). Every amount has a range, and a write that would take a total out of it is refused when
/// written, so every later sum can be computed.
public sealed class AmountRangeTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    private const long Max = AmountRange.MaxColumn;

    [Fact]
    public async Task Two_long_MaxValue_columns_are_refused_instead_of_a_net_of_minus_two()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var before = await host.RowCountsAsync(tenant);

        await InvalidArgument(() => client.OpenFrameAsync(new()
        {
            UnitCode = "RD", Year = 2023, Category = FrameCategory.Officials,
            Opening = new() { ExternalRevenue = long.MaxValue, InternalRevenue = long.MaxValue },
        }).ResponseAsync, "opening.external_revenue", "opening.internal_revenue");

        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task A_change_taking_the_frame_or_its_ledger_past_the_range_is_refused_and_writes_nothing()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var opened = await client.OpenFrameAsync(new()
        {
            UnitCode = "RD", Year = 2023, Category = FrameCategory.Officials,
            Opening = new() { ExternalRevenue = Max, InternalRevenue = Max, PersonnelCosts = -Max },
        });
        Assert.Equal(Max, opened.Current.Net);
        var before = await host.RowCountsAsync(tenant);

        var refused = await InvalidArgument(() => client.AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2023, Etag = opened.Etag, Kind = AdjustmentKind.Other, Change = new() { InternalRevenue = 1 }, Reason = "En krona till",
        }).ResponseAsync, "change.internal_revenue");
        Assert.Contains("2023 frame of RD", refused[0].Description);

        // Each change is within the range and so is the frame in force, but the ledger would not be.
        var down = await client.AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2023, Etag = opened.Etag, Kind = AdjustmentKind.Other, Change = new() { ExternalRevenue = -Max }, Reason = "Ned",
        });
        var afterDown = await host.RowCountsAsync(tenant);
        await InvalidArgument(() => client.AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2023, Etag = down.Etag, Kind = AdjustmentKind.Other, Change = new() { ExternalRevenue = -Max }, Reason = "Ned igen",
        }).ResponseAsync, "change.external_revenue");

        Assert.NotEqual(before, afterDown);
        Assert.Equal(afterDown, await host.RowCountsAsync(tenant));
        Assert.Equal(0, (await client.GetFrameAsync(new() { UnitCode = "RD", Year = 2023 })).Current.Net);
    }

    [Fact]
    public async Task A_transfer_that_would_take_either_frame_past_the_range_moves_nothing()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var from = await client.OpenFrameAsync(new() { UnitCode = "RST", Year = 2023, Category = FrameCategory.Officials, Opening = new() { PersonnelCosts = -Max } });
        var to = await client.OpenFrameAsync(new() { UnitCode = "VV", Year = 2023, Category = FrameCategory.Officials, Opening = new() { PersonnelCosts = -Max } });
        var before = await host.RowCountsAsync(tenant);

        // The receiving unit takes over costs (negative) and would pass −10^13.
        var refused = await InvalidArgument(() => client.TransferFrameAsync(new()
        {
            FromUnitCode = "RST", ToUnitCode = "VV", Year = 2023, FromEtag = from.Etag, ToEtag = to.Etag,
            Change = new() { PersonnelCosts = -1 }, Reason = "Omdisponering",
        }).ResponseAsync, "change.personnel_costs");
        Assert.Contains("frame of VV", refused[0].Description);

        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task A_year_of_outcomes_adding_up_past_the_range_is_refused_and_the_deviation_still_answers()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.RecordOutcomesAsync(new()
        {
            RequestId = "first-half",
            Lines = { Enumerable.Range(1, 6).Select(m => new OutcomeLine { UnitCode = "RD", Year = 2022, Month = m, Column = FrameColumn.Pharmaceuticals, Amount = -Max / 6 }) },
        });
        var before = await host.RowCountsAsync(tenant);

        // Each line is within the range; the year of RD's pharmaceuticals would not be.
        var batch = new RecordOutcomesRequest
        {
            RequestId = "second-half",
            Lines =
            {
                new OutcomeLine { UnitCode = "RST", Year = 2022, Month = 7, Column = FrameColumn.Pharmaceuticals, Amount = -Max },
                new OutcomeLine { UnitCode = "RD", Year = 2022, Month = 7, Column = FrameColumn.Pharmaceuticals, Amount = -Max / 6 },
                new OutcomeLine { UnitCode = "RD", Year = 2022, Month = 8, Column = FrameColumn.Pharmaceuticals, Amount = -Max / 6 },
            },
        };
        await InvalidArgument(() => client.RecordOutcomesAsync(batch).ResponseAsync, "lines[1].amount");

        Assert.Equal(before, await host.RowCountsAsync(tenant));
        var deviation = await client.GetDeviationAsync(new() { UnitCode = "RS", Year = 2022, ThroughMonth = 12 });
        Assert.Equal(-Max / 6 * 6, deviation.Total.Outcome.Pharmaceuticals);
    }

    [Fact]
    public async Task Amounts_at_the_edge_of_the_range_add_up_over_the_tree_without_overflow()
    {
        var client = await host.SeededClientAsync(NewTenant());
        foreach (var unit in new[] { "RJH", "RS", "RS-TJM" })
            await client.OpenFrameAsync(new()
            {
                UnitCode = unit, Year = 2024, Category = FrameCategory.Officials,
                Opening = new() { ExternalRevenue = Max, InternalRevenue = Max, PersonnelCosts = Max, Pharmaceuticals = Max, OtherExternalCosts = Max, Depreciation = Max, InternalCosts = Max },
            });
        await client.RecordForecastAsync(new() { UnitCode = "RS", Year = 2024, Net = -AmountRange.MaxNet });
        await FailsWith(StatusCode.InvalidArgument, () => client.RecordForecastAsync(new() { UnitCode = "RS", Year = 2024, Net = -AmountRange.MaxNet - 1 }).ResponseAsync);

        var frames = await client.ListBudgetFramesAsync(new() { UnitCode = "RJH", Year = 2024 });
        var deviation = await client.GetDeviationAsync(new() { UnitCode = "RJH", Year = 2024, ThroughMonth = 12 });
        var summary = await client.GetBudgetSummaryAsync(new() { BodyCode = "RS", Year = 2024 });

        Assert.Equal(3 * 7 * Max, frames.Total.Net);
        Assert.Equal(-3 * 7 * Max, deviation.Total.Deviation.Net);
        Assert.Equal(-AmountRange.MaxNet - 3 * 7 * Max, deviation.Total.ForecastDeviation);
        Assert.Equal(2 * 7 * Max, summary.TotalNetBudget);
    }
}
