using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Region.ServiceDefaults.Outbox;
using Xunit;

namespace Region.ServiceDefaults.Tests.Outbox;

public sealed class OptionsDb(DbContextOptions<OptionsDb> options) : NoteDb(options);

/// Settings that would stop the dispatcher (no rounds, empty batches) or let a replica publish a
/// row twice (a lease no longer than the confirm's wait) are refused at start, each one named.
public sealed class OutboxOptionsTests
{
    [Fact]
    public void The_defaults_are_accepted()
    {
        var options = Resolve(_ => { });
        Assert.Equal(2, options.ConcurrentRounds);
        Assert.Equal(100, options.BatchSize);
        Assert.Equal(2000, options.VacuumAfterDeadRows);
    }

    [Fact]
    public void Every_unusable_setting_is_named()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(o =>
        {
            o.ConcurrentRounds = 0;
            o.BatchSize = 0;
            o.Lease = o.PublishTimeout;
            o.VacuumAfterDeadRows = -1;
        }));
        Assert.Contains("Outbox:ConcurrentRounds must be between 1 and 16.", error.Failures);
        Assert.Contains("Outbox:BatchSize must be between 1 and 10000.", error.Failures);
        Assert.Contains("Outbox:Lease must be at least twice Outbox:PublishTimeout.", error.Failures);
        Assert.Contains("Outbox:VacuumAfterDeadRows must be 0 (never) or more.", error.Failures);
    }

    [Theory]
    [InlineData(17, 100)]
    [InlineData(2, 10_001)]
    public void Settings_past_their_bounds_are_refused(int concurrentRounds, int batchSize)
    {
        Assert.Throws<OptionsValidationException>(() => Resolve(o =>
        {
            o.ConcurrentRounds = concurrentRounds;
            o.BatchSize = batchSize;
        }));
    }

    static OutboxOptions Resolve(Action<OutboxOptions> configure)
    {
        using var services = new ServiceCollection().AddOutbox<OptionsDb>(configure).BuildServiceProvider();
        return services.GetRequiredService<IOptionsMonitor<OutboxOptions>>().Get(nameof(OptionsDb));
    }
}
