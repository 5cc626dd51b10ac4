using Region.Budget.V1;
using Region.Contracts.Events;
using Region.TestSupport;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// Changes the printed frames already contain (seed 003, "Förändringar budgetramar", lines 357-388):
/// recorded with their amounts, never added to the frame a second time.
public sealed class IncludedInOpeningTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    private static FrameAmounts Personnel(decimal msek) => new() { PersonnelCosts = Seed2022.Sek(msek) };

    [Fact]
    public async Task A_change_included_in_the_opening_keeps_its_amount_and_leaves_the_frame_in_force_as_printed()
    {
        var client = await host.SeededClientAsync(NewTenant());
        var frame = await client.GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });

        var included = await client.AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Prioritisation, Change = Personnel(-8.2m),
            Reason = "Prioritering till HR-avdelningen avseende studiemedel 8,2 mkr, se ärende RS/775/2020.", CaseNumber = "RS/775/2020",
            IncludedInOpening = true,
        });
        var moved = await client.AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2022, Etag = included.Etag, Kind = AdjustmentKind.Other, Change = Personnel(-0.5m), Reason = "Beslut efter budgeten",
        });

        Assert.Equal(Seed2022.Sek(-234.2m), included.Current.Net);
        Assert.Equal(0, included.Adjustments.Net);
        Assert.NotEqual(frame.Etag, included.Etag);
        // Only the later change moves the frame: -234,2 − 0,5.
        Assert.Equal(Seed2022.Sek(-234.7m), moved.Current.Net);
        Assert.Equal(Seed2022.Sek(-0.5m), moved.Adjustments.Net);
        var ledger = (await client.ListLedgerAsync(new() { UnitCode = "RD", Year = 2022 })).Entries;
        Assert.Equal([(Seed2022.Sek(-8.2m), true, false), (Seed2022.Sek(-0.5m), false, false)],
            ledger.OrderBy(e => e.ChangedAt.ToDateTimeOffset()).Select(e => (e.Change.PersonnelCosts, e.IncludedInOpening, e.AmountIsEstimate)));
    }

    [Fact]
    public async Task The_event_of_an_included_change_carries_the_amount_the_flag_and_the_unmoved_frame()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var frame = await client.GetFrameAsync(new() { UnitCode = "VV", Year = 2022 });
        await client.AdjustFrameAsync(new()
        {
            UnitCode = "VV", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Prioritisation,
            Change = new FrameAmounts { InternalCosts = Seed2022.Sek(-9.0m) }, Reason = "Prioritering 9 mkr utökad budget för hälsovalet, se ärende RS/60/2021.",
            CaseNumber = "RS/60/2021", IncludedInOpening = true,
        });

        await events.WaitUntil(e => e.Of<BudgetFrameAdjusted>(tenant).Count == 1, TimeSpan.FromSeconds(30), "the adjustment");

        var adjusted = Assert.Single(events.Of<BudgetFrameAdjusted>(tenant));
        Assert.True(adjusted.Entry.IncludedInOpening);
        Assert.Equal(Seed2022.Sek(-9.0m), adjusted.Entry.Change.Net);
        Assert.Equal(Seed2022.Sek(-853.6m), adjusted.Frame.Current.Net);
        Assert.Equal(adjusted.Frame.Opening, adjusted.Frame.Current);
    }
}
