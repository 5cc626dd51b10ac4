using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.Reporting.Events;
using Region.TestSupport;

namespace Region.Reporting.Tests.Events;

/// The budget consumers on real RabbitMQ and PostgreSQL: events published to the broker the way
/// the budget service's outbox does, delivered twice, out of order, or unreadable.
public sealed class BudgetConsumersTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly DateTimeOffset T0 = new(2022, 3, 1, 8, 0, 0, TimeSpan.Zero);

    static FrameState Frame(long currentNet, int version) =>
        new("RD", 2022, "Officials", FrameAmounts.Of(BudgetColumn.PersonnelCosts, -234_200_000),
            FrameAmounts.Of(BudgetColumn.PersonnelCosts, currentNet), version);

    static BudgetFrameAdjusted Adjusted(string tenant, FrameState frame, Guid entryId) => new(Guid.NewGuid(), tenant, T0.AddDays(1),
        new LedgerEntryData(entryId, "RD", 2022, "Prioritisation", FrameAmounts.Of(BudgetColumn.PersonnelCosts, -200_000),
            "Ökning av friskvårdsbidrag", "RS/44/2020", "ekonomi", T0.AddDays(1), null, null, false), frame);

    [Fact]
    public async Task A_redelivered_event_changes_nothing()
    {
        var tenant = ReportingHost.NewTenant();
        var entryId = Guid.NewGuid();
        var adjusted = Adjusted(tenant, Frame(-234_400_000, 2), entryId);
        // The same event published twice (an outbox publishing again after a crash), and a second
        // event carrying the same ledger entry (a snapshot re-announcing it).
        await host.Bus.Publish(adjusted);
        await host.Bus.Publish(adjusted);
        var reannounced = adjusted with { EventId = Guid.NewGuid() };
        await host.Bus.Publish(reannounced);

        await WaitApplied(tenant, adjusted.EventId, reannounced.EventId);
        await Task.Delay(300);
        await using var db = host.Db(tenant);
        Assert.Equal(1, await db.Ledger.CountAsync());
        Assert.Equal(1, await db.InboxMessages.CountAsync(m => m.EventId == adjusted.EventId));
        var frame = await db.Frames.SingleAsync();
        Assert.Equal((-234_400_000L, 2), (frame.CurrentNet, frame.Version));
    }

    [Fact]
    public async Task A_change_included_in_the_opening_is_kept_with_its_amount_and_mark_and_the_frame_stays_as_published()
    {
        var tenant = ReportingHost.NewTenant();
        var entry = new LedgerEntryData(Guid.NewGuid(), "RD", 2022, "Prioritisation", FrameAmounts.Of(BudgetColumn.PersonnelCosts, -8_200_000),
            "Prioritering till HR-avdelningen avseende studiemedel 8,2 mkr", "RS/775/2020", "ekonomi", T0.AddDays(1), null, null, false, IncludedInOpening: true);
        var adjusted = new BudgetFrameAdjusted(Guid.NewGuid(), tenant, T0.AddDays(1), entry, Frame(-234_200_000, 2));

        await host.Bus.Publish(adjusted);

        await WaitApplied(tenant, adjusted.EventId);
        await using var db = host.Db(tenant);
        var row = await db.Ledger.SingleAsync();
        Assert.Equal((-8_200_000L, true), (row.Change, row.IncludedInOpening));
        Assert.Equal(-234_200_000L, (await db.Frames.SingleAsync()).CurrentNet);
    }

    [Fact]
    public async Task A_redelivered_unit_event_is_applied_once_through_the_inbox()
    {
        var tenant = ReportingHost.NewTenant();
        var created = new OrgUnitCreated(Guid.NewGuid(), tenant, T0, new OrgUnitState("RD", "Regiondirektör", "Area", "RS-TJM", null, 1));
        await host.Bus.Publish(created);
        await host.Bus.Publish(created);

        await WaitApplied(tenant, created.EventId);
        await Task.Delay(300);
        await using var db = host.Db(tenant);
        Assert.Equal(1, await db.InboxMessages.CountAsync(m => m.EventId == created.EventId));
        var unit = await db.OrgUnits.SingleAsync();
        Assert.Equal(("RD", "Regiondirektör", 1), (unit.Code, unit.Name, unit.Version));
    }

    [Fact]
    public async Task Older_states_arriving_late_are_ignored()
    {
        var tenant = ReportingHost.NewTenant();
        // Newer first: the adjusted frame (version 2), a later outcome, the second forecast.
        var adjusted = Adjusted(tenant, Frame(-234_400_000, 2), Guid.NewGuid());
        var laterOutcome = new BudgetOutcomeRecorded(Guid.NewGuid(), tenant, T0.AddDays(10), "feb-corrected",
            [new BudgetOutcomeLine("RD", 2022, 1, BudgetColumn.PersonnelCosts, -19_000_000)]);
        var secondForecast = new BudgetForecastRecorded(Guid.NewGuid(), tenant, T0.AddDays(10), "RD", 2022, -232_000_000, "Andra", 2);
        await host.Bus.Publish(adjusted);
        await host.Bus.Publish(laterOutcome);
        await host.Bus.Publish(secondForecast);
        await WaitApplied(tenant, adjusted.EventId, laterOutcome.EventId, secondForecast.EventId);

        var opened = new BudgetFrameOpened(Guid.NewGuid(), tenant, T0, Frame(-234_200_000, 1));
        var earlierOutcome = new BudgetOutcomeRecorded(Guid.NewGuid(), tenant, T0.AddDays(5), "feb",
            [new BudgetOutcomeLine("RD", 2022, 1, BudgetColumn.PersonnelCosts, -23_000_000),
             new BudgetOutcomeLine("RD", 2022, 2, BudgetColumn.PersonnelCosts, -21_000_000)]);
        var firstForecast = new BudgetForecastRecorded(Guid.NewGuid(), tenant, T0.AddDays(5), "RD", 2022, -230_000_000, "Första", 1);
        await host.Bus.Publish(opened);
        await host.Bus.Publish(earlierOutcome);
        await host.Bus.Publish(firstForecast);
        await WaitApplied(tenant, opened.EventId, earlierOutcome.EventId, firstForecast.EventId);

        await using var db = host.Db(tenant);
        var frame = await db.Frames.SingleAsync();
        Assert.Equal((-234_400_000L, 2), (frame.CurrentNet, frame.Version));
        var outcomes = await db.BudgetOutcomes.OrderBy(o => o.Month).Select(o => o.Amount).ToListAsync();
        // January keeps the later value; February, which only the older batch has, is taken from it.
        Assert.Equal([-19_000_000L, -21_000_000L], outcomes);
        var forecast = await db.Forecasts.SingleAsync();
        Assert.Equal((-232_000_000L, "Andra"), (forecast.Net, forecast.Comment));
    }

    [Fact]
    public async Task Of_two_outcome_lines_for_one_month_and_column_in_a_batch_the_first_counts()
    {
        var tenant = ReportingHost.NewTenant();
        var outcome = new BudgetOutcomeRecorded(Guid.NewGuid(), tenant, T0, "mar",
            [new BudgetOutcomeLine("RD", 2022, 3, BudgetColumn.PersonnelCosts, -17_000_000),
             new BudgetOutcomeLine("RD", 2022, 4, BudgetColumn.PersonnelCosts, -18_000_000),
             new BudgetOutcomeLine("RD", 2022, 3, BudgetColumn.PersonnelCosts, -99_000_000)]);
        await host.Bus.Publish(outcome);
        await WaitApplied(tenant, outcome.EventId);

        await using var db = host.Db(tenant);
        Assert.Equal([(3, -17_000_000L), (4, -18_000_000L)],
            (await db.BudgetOutcomes.OrderBy(o => o.Month).Select(o => new { o.Month, o.Amount }).ToListAsync()).Select(o => (o.Month, o.Amount)));
    }

    [Fact]
    public async Task A_poison_message_reaches_the_error_queue_after_retries_and_changes_nothing()
    {
        var tenant = ReportingHost.NewTenant();
        // A frame event without its frame: the consumer cannot apply it, however often it tries.
        var poison = new BudgetFrameAdjusted(Guid.NewGuid(), tenant, T0, null!, null!);
        await host.Bus.Publish(poison);

        var errorQueue = new KebabCaseEndpointNameFormatter(host.QueuePrefix, false).Consumer<FrameAdjustedConsumer>() + "_error";
        var factory = new ConnectionFactory
        {
            HostName = TestInfra.RabbitMqUri.Host, Port = TestInfra.RabbitMqUri.Port,
            UserName = TestInfra.RabbitMqUsername, Password = TestInfra.RabbitMqPassword,
        };
        await using var connection = await factory.CreateConnectionAsync();
        BasicGetResult? dead = null;
        await ReportingHost.Eventually(async () =>
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                dead = await channel.BasicGetAsync(errorQueue, autoAck: true);
            }
            catch (OperationInterruptedException)
            {
                dead = null; // the error queue does not exist until the first fault
            }
            return dead is not null;
        }, $"the poison message in {errorQueue}", 40);

        Assert.Contains(poison.EventId.ToString(), System.Text.Encoding.UTF8.GetString(dead!.Body.Span));
        Assert.Contains("NullReferenceException", System.Text.Encoding.UTF8.GetString((byte[])dead.BasicProperties.Headers!["MT-Fault-ExceptionType"]!));
        await using var db = host.Db(tenant);
        Assert.False(await db.InboxMessages.AnyAsync(m => m.EventId == poison.EventId));
        Assert.Equal(0, await db.Ledger.CountAsync());
    }

    async Task WaitApplied(string tenant, params Guid[] eventIds)
    {
        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            return await db.InboxMessages.Where(m => eventIds.Contains(m.EventId)).Select(m => m.EventId).Distinct().CountAsync() == eventIds.Length;
        }, $"{eventIds.Length} events to be applied");
    }
}
