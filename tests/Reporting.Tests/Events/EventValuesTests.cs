using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Reporting.V1;

namespace Region.Reporting.Tests.Events;

/// What the consumers make of the values in events, published to the broker as the sources'
/// outboxes do: codes are stored in one form and found in any case, and values the read model
/// cannot hold are skipped, logged and counted instead of poisoning every later report.
public sealed class EventValuesTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly DateTimeOffset At = new(2022, 9, 5, 9, 0, 0, TimeSpan.Zero);
    static readonly Period August = Period.Tertial(2022, 2);

    async Task UnitsAsync(string tenant)
    {
        await host.Bus.Publish(new OrgUnitCreated(Guid.NewGuid(), tenant, At, new OrgUnitState("RS", "Regionstyrelsen", "Body", null, null, 1)));
        await host.Bus.Publish(new OrgUnitCreated(Guid.NewGuid(), tenant, At, new OrgUnitState("RST", "Regionstaben", "Area", "RS", null, 1)));
    }

    [Fact]
    public async Task Codes_from_events_are_stored_in_one_form_and_the_report_is_the_same_in_any_case()
    {
        var tenant = ReportingHost.NewTenant();
        await UnitsAsync(tenant);
        var planId = Guid.NewGuid();
        var goalId = Guid.NewGuid();
        var target = new TargetData("Threshold", "AtMost", 5.3m, "%", null, null, [], "Högst 5,3 %");
        await host.Bus.Publish(new PlanCreated(Guid.NewGuid(), tenant, At, new PlanState(planId, "rS", 2022, "Verksamhetsplan 2022", "RS/425/2021", null, 1, "Adopted", null, 90, 1), []));
        await host.Bus.Publish(new GoalCreated(Guid.NewGuid(), tenant, At,
            new GoalState(goalId, planId, "rs", 2022, 1, "A1", "Hälsa", "Goal", "Sjukfrånvaro", null, "rst", false, target, false, 1)));
        await host.Bus.Publish(new GoalStatusAssessed(Guid.NewGuid(), tenant, At, goalId, planId, August, "Red", "Computed", "Red", null, null, At, 1));
        await host.Bus.Publish(new InvestmentObjectAdded(Guid.NewGuid(), tenant, At, new InvestmentObjectState(Guid.NewGuid(), Guid.NewGuid(), " Rs ", 2022, "rst",
            "Bilar", "Reinvestment", "Vehicles", 2_500_000, "Self", false, "Decided", null, 0, null, null, null, "finance", At, 1)));
        await host.Bus.Publish(new BudgetFrameOpened(Guid.NewGuid(), tenant, At,
            new FrameState("rst", 2022, "Officials", FrameAmounts.Of(BudgetColumn.PersonnelCosts, -120_000_000), FrameAmounts.Of(BudgetColumn.PersonnelCosts, -120_000_000), 1)));
        await host.Bus.Publish(new BudgetOutcomeRecorded(Guid.NewGuid(), tenant, At, "aug", [new BudgetOutcomeLine("Rst", 2022, 8, BudgetColumn.PersonnelCosts, -85_000_000)]));
        await host.Bus.Publish(new FinancingSet(Guid.NewGuid(), tenant, At, "rs", 2022, new FinancingData(3_360_200_000, 0, 0, 0, 0), 1));

        var client = host.Client(tenant);
        Region.Reporting.V1.Report upper = null!;
        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            if (await db.OrgUnits.CountAsync() < 2) return false;
            upper = await client.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
            return upper.PlanName.Length > 0 && upper.Goals.Red == 1 && upper.Investments.Total.Objects == 1
                && upper.Budget.Rows.Any(r => r.UnitCode == "RST" && r.Outcome != 0) && upper.Budget.HasFinancing;
        }, "the events in the report for RS");

        Assert.Equal(upper, await client.GetReportAsync(new() { BodyCode = "rs", Period = "2022-T2" }));
        Assert.Equal(upper, await client.GetReportAsync(new() { BodyCode = " Rs ", Period = "2022-t2" }));
        Assert.Equal(("RS", "RST", "RST"), (upper.BodyCode, upper.Areas.Single().UnitCode, upper.Investments.ByUnit.Single().Key));
        await using var rows = host.Db(tenant);
        Assert.Equal(["RS"], (await rows.Plans.Select(p => p.BodyCode).ToListAsync()).Concat(await rows.Goals.Select(g => g.BodyCode).ToListAsync()).Distinct());
        Assert.Equal(("RST", "RST", "RST"), (await rows.Goals.Select(g => g.ResponsibleUnitCode).SingleAsync(),
            await rows.Frames.Select(f => f.UnitCode).SingleAsync(), await rows.BudgetOutcomes.Select(o => o.UnitCode).SingleAsync()));
    }

    [Fact]
    public async Task Values_the_read_model_cannot_hold_are_skipped_logged_and_counted_and_the_next_valid_state_applies()
    {
        var tenant = ReportingHost.NewTenant();
        long skipped = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument is { Name: "region.reporting.events_skipped", Meter.Name: "reporting" }) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref skipped, value));
        listener.Start();
        await UnitsAsync(tenant);
        static FrameState Frame(long personnel, int version, int[]? weights = null) =>
            new("RST", 2022, "Officials", FrameAmounts.Zero, FrameAmounts.Of(BudgetColumn.PersonnelCosts, personnel), version, weights);

        var huge = new BudgetFrameOpened(Guid.NewGuid(), tenant, At, Frame(long.MinValue, 1));
        var negativeWeights = new BudgetFrameOpened(Guid.NewGuid(), tenant, At, Frame(-120_000_000, 1, [-1000, 1001, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        var lines = new BudgetOutcomeRecorded(Guid.NewGuid(), tenant, At, "jan",
        [
            new BudgetOutcomeLine("RST", 2022, 1, BudgetColumn.PersonnelCosts, -10_000_000),
            new BudgetOutcomeLine("RST", 2022, 2, BudgetColumn.PersonnelCosts, long.MaxValue),
            new BudgetOutcomeLine("RST", 2022, 3, BudgetColumn.Net, -10_000_000),
            new BudgetOutcomeLine("RST", 2022, 4, (BudgetColumn)99, -10_000_000),
            new BudgetOutcomeLine("RST", 2022, 13, BudgetColumn.PersonnelCosts, -10_000_000),
        ]);
        var investment = new InvestmentObjectAdded(Guid.NewGuid(), tenant, At, new InvestmentObjectState(Guid.NewGuid(), Guid.NewGuid(), "RS", 2022, "RST",
            "Bilar", "Reinvestment", "Vehicles", long.MaxValue, "Self", false, "Decided", null, 0, null, null, null, "finance", At, 1));
        var status = new GoalStatusAssessed(Guid.NewGuid(), tenant, At, Guid.NewGuid(), Guid.NewGuid(), new Period(1999, PeriodKind.Tertial, 1),
            "Red", "Computed", "Red", null, null, At, 1);
        foreach (var message in new object[] { huge, negativeWeights, lines, investment, status }) await host.Bus.Publish(message);
        var handled = new[] { huge.EventId, negativeWeights.EventId, lines.EventId, investment.EventId, status.EventId };
        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            return await db.InboxMessages.Where(m => handled.Contains(m.EventId)).CountAsync() == handled.Length
                && await db.OrgUnits.CountAsync() == 2;
        }, "the events to be handled");

        await using (var db = host.Db(tenant))
        {
            Assert.Empty(await db.Frames.ToListAsync());
            Assert.Empty(await db.Investments.ToListAsync());
            Assert.Empty(await db.GoalPeriods.ToListAsync());
            Assert.Equal([(1, -10_000_000L)], (await db.BudgetOutcomes.ToListAsync()).Select(o => (o.Month, o.Amount)));
        }
        // Other test classes run beside this one, but none of them sends such values.
        Assert.True(Interlocked.Read(ref skipped) >= 8, $"{skipped} skips counted");

        // The next valid state of the frame applies as usual, and the report adds up.
        await host.Bus.Publish(new BudgetFrameOpened(Guid.NewGuid(), tenant, At, Frame(-120_000_000, 2)));
        var client = host.Client(tenant);
        await ReportingHost.Eventually(async () =>
            (await client.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Budget.Rows.Any(r => r.UnitCode == "RST" && r.Frame == -120_000_000),
            "the valid frame in the report");
    }
}
