using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Region.Contracts.Events;
using Region.ServiceDefaults.Inbox;
using Region.ServiceDefaults.Tenancy;
using Region.ServiceDefaults.Tests.Outbox;
using Region.TestSupport;
using Xunit;

namespace Region.ServiceDefaults.Tests.Inbox;

/// A read model of one number per key, fed by events, with the inbox beside it.
public sealed class TallyDb(DbContextOptions<TallyDb> options) : DbContext(options), IInboxDb
{
    public DbSet<Tally> Tallies => Set<Tally>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tally>(e => { e.ToTable("tallies"); e.HasKey(t => t.Key); });
        modelBuilder.AddInbox();
    }

    public static TallyDb Open(string connectionString) =>
        new(new DbContextOptionsBuilder<TallyDb>().UseNpgsql(connectionString).Options);
}

public sealed class Tally
{
    public required string Key { get; init; }
    public int Count { get; set; }
}

public sealed record TallyIncremented(Guid EventId, string Tenant, DateTimeOffset OccurredAt, string Key) : IIntegrationEvent;

/// Adds one per event: not idempotent by itself, so any double application shows.
public sealed class TallyConsumer(TallyDb db, CallerContext caller) : IdempotentConsumer<TallyDb, TallyIncremented>(db, caller)
{
    protected override async Task ApplyAsync(TallyIncremented message, CancellationToken ct)
    {
        if (message.Key == "poison") throw new InvalidOperationException("This event cannot be applied.");
        var tally = await Db.Tallies.SingleOrDefaultAsync(t => t.Key == message.Key, ct);
        if (tally is null) Db.Tallies.Add(tally = new Tally { Key = message.Key });
        tally.Count++;
    }
}

public sealed class InboxTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var db = TallyDb.Open(database.ConnectionString);
        await db.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_event_applied_twice_changes_the_model_once()
    {
        var key = Guid.NewGuid().ToString("N");
        var eventId = Guid.NewGuid();
        await using var db = TallyDb.Open(database.ConnectionString);

        Assert.True(await db.ApplyOnceAsync(eventId, "tally", ct => Increment(db, key, ct), default));
        Assert.False(await db.ApplyOnceAsync(eventId, "tally", ct => Increment(db, key, ct), default));
        // Another consumer of the same event keeps its own record.
        Assert.True(await db.ApplyOnceAsync(eventId, "other", ct => Increment(db, key, ct), default));

        Assert.Equal(2, await CountAsync(key));
    }

    [Fact]
    public async Task A_failed_apply_records_nothing_so_a_retry_applies_it()
    {
        var key = Guid.NewGuid().ToString("N");
        var eventId = Guid.NewGuid();
        await using var db = TallyDb.Open(database.ConnectionString);

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.ApplyOnceAsync(eventId, "tally", async ct =>
        {
            await Increment(db, key, ct);
            await db.SaveChangesAsync(ct); // even a saved change rolls back with the transaction
            throw new InvalidOperationException("boom");
        }, default));
        Assert.Equal(0, await CountAsync(key));

        Assert.True(await db.ApplyOnceAsync(eventId, "tally", ct => Increment(db, key, ct), default));
        Assert.Equal(1, await CountAsync(key));
    }

    [Fact]
    public async Task Racing_deliveries_of_one_event_apply_it_once()
    {
        var key = Guid.NewGuid().ToString("N");
        var eventId = Guid.NewGuid();
        await using (var seed = TallyDb.Open(database.ConnectionString))
        {
            seed.Tallies.Add(new Tally { Key = key });
            await seed.SaveChangesAsync();
        }

        async Task<bool?> Deliver()
        {
            await using var db = TallyDb.Open(database.ConnectionString);
            try
            {
                return await db.ApplyOnceAsync(eventId, "tally", async ct =>
                {
                    await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE tallies SET \"Count\" = \"Count\" + 1 WHERE \"Key\" = {key}", ct);
                    await Task.Delay(200, ct); // both deliveries are inside their transactions now
                }, default);
            }
            catch (DbUpdateException)
            {
                return null; // lost the race on the primary key: the bus would retry and find the row
            }
        }

        var results = await Task.WhenAll(Deliver(), Deliver());
        Assert.Single(results, r => r == true);
        Assert.Equal(1, await CountAsync(key));
    }

    [Fact]
    public async Task A_delivery_racing_the_first_waits_for_its_commit_and_is_then_a_duplicate()
    {
        var key = Guid.NewGuid().ToString("N");
        var eventId = Guid.NewGuid();
        var firstInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var firstDb = TallyDb.Open(database.ConnectionString);
        await using var secondDb = TallyDb.Open(database.ConnectionString);

        var first = firstDb.ApplyOnceAsync(eventId, "tally", async ct =>
        {
            await Increment(firstDb, key, ct);
            firstInside.SetResult();
            await release.Task; // the second delivery starts while this one is inside its transaction
        }, default);
        await firstInside.Task;
        var second = secondDb.ApplyOnceAsync(eventId, "tally", ct => Increment(secondDb, key, ct), default);
        release.SetResult();

        Assert.True(await first);
        Assert.False(await second); // a duplicate, not a failure for the bus to retry
        Assert.Equal(1, await CountAsync(key));
    }

    [Fact]
    public async Task A_delivery_racing_one_that_fails_applies_the_event_once_that_has_rolled_back()
    {
        var key = Guid.NewGuid().ToString("N");
        var eventId = Guid.NewGuid();
        var firstInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var firstDb = TallyDb.Open(database.ConnectionString);
        await using var secondDb = TallyDb.Open(database.ConnectionString);

        var first = firstDb.ApplyOnceAsync(eventId, "tally", async ct =>
        {
            firstInside.SetResult();
            await release.Task;
            throw new InvalidOperationException("This attempt fails.");
        }, default);
        await firstInside.Task;
        var second = secondDb.ApplyOnceAsync(eventId, "tally", ct => Increment(secondDb, key, ct), default);
        release.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        Assert.True(await second);
        Assert.Equal(1, await CountAsync(key));
    }

    [Fact]
    public async Task Redelivered_messages_through_RabbitMQ_change_the_model_once()
    {
        var key = Guid.NewGuid().ToString("N");
        using var host = await StartConsumerHostAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var first = new TallyIncremented(Guid.NewGuid(), "test-region", DateTimeOffset.UtcNow, key);
        var second = first with { EventId = Guid.NewGuid() };

        // The outbox may publish a row again after a crash: same event, same message id.
        await bus.Publish(first);
        await bus.Publish(first);
        await bus.Publish(second);
        await bus.Publish(first);

        await Eventually.TrueAsync(async () => await InboxRowsAsync(first.EventId, second.EventId) == 2, TimeSpan.FromSeconds(30), "both events");
        await Task.Delay(500); // give a wrongly applied duplicate time to show
        Assert.Equal(2, await CountAsync(key));
        await host.StopAsync();
    }

    [Fact]
    public async Task Old_inbox_rows_are_cleaned_up()
    {
        await using (var db = TallyDb.Open(database.ConnectionString))
        {
            db.InboxMessages.Add(new InboxMessage { EventId = Guid.NewGuid(), Consumer = "old", ProcessedAt = DateTimeOffset.UtcNow.AddDays(-30) });
            db.InboxMessages.Add(new InboxMessage { EventId = Guid.NewGuid(), Consumer = "new", ProcessedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<TallyDb>(o => o.UseNpgsql(database.ConnectionString))
            .AddInbox<TallyDb>(TimeSpan.FromDays(14))
            .BuildServiceProvider();
        var deleted = await services.GetRequiredService<InboxCleanup<TallyDb>>().DeleteOlderThanAsync(DateTimeOffset.UtcNow.AddDays(-14), default);

        Assert.True(deleted >= 1);
        await using var check = TallyDb.Open(database.ConnectionString);
        Assert.False(await check.InboxMessages.AnyAsync(m => m.Consumer == "old"));
        Assert.True(await check.InboxMessages.AnyAsync(m => m.Consumer == "new"));
    }

    static async Task Increment(TallyDb db, string key, CancellationToken ct)
    {
        var tally = await db.Tallies.SingleOrDefaultAsync(t => t.Key == key, ct);
        if (tally is null) db.Tallies.Add(tally = new Tally { Key = key });
        tally.Count++;
    }

    async Task<int> CountAsync(string key)
    {
        await using var db = TallyDb.Open(database.ConnectionString);
        return (await db.Tallies.AsNoTracking().SingleOrDefaultAsync(t => t.Key == key))?.Count ?? 0;
    }

    async Task<int> InboxRowsAsync(params Guid[] eventIds)
    {
        await using var db = TallyDb.Open(database.ConnectionString);
        return await db.InboxMessages.CountAsync(m => eventIds.Contains(m.EventId));
    }

    async Task<IHost> StartConsumerHostAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddScoped<CallerContext>();
        builder.Services.AddDbContext<TallyDb>(o => o.UseNpgsql(database.ConnectionString, n => n.EnableRetryOnFailure(3)));
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter("inbox-" + Guid.NewGuid().ToString("N")[..8], false));
            x.AddConsumer<TallyConsumer>().Endpoint(e => e.Temporary = true);
            x.UsingRabbitMq((context, cfg) =>
            {
                Region.ServiceDefaults.Bus.PublisherEntityNames.Apply(cfg);
                cfg.Host(TestInfra.RabbitMqUri, h =>
                {
                    h.Username(TestInfra.RabbitMqUsername);
                    h.Password(TestInfra.RabbitMqPassword);
                });
                cfg.UseMessageRetry(r => r.Immediate(3));
                cfg.ConfigureEndpoints(context);
            });
        });
        var host = builder.Build();
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IBusControl>();
        await Eventually.TrueAsync(() => Task.FromResult(bus.CheckHealth().Status == BusHealthStatus.Healthy), TimeSpan.FromSeconds(60), "the bus");
        return host;
    }
}
