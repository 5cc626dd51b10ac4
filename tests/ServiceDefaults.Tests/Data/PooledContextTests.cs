using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Tenancy;
using Region.ServiceDefaults.Tests.OrgUnits;
using Region.TestSupport;
using Xunit;

namespace Region.ServiceDefaults.Tests.Data;

/// Services' contexts are pooled (AddServedDbContext): the instance one request used serves the
/// next, perhaps another tenant's. Nothing of the first use may reach the second.
public sealed class PooledContextTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddScoped<CallerContext>()
        .AddServedDbContext<ReplicaDb>((_, o) => o.UseNpgsql(database.ConnectionString))
        .BuildServiceProvider(validateScopes: true);

    public async Task InitializeAsync()
    {
        await using var db = new ReplicaDb(new DbContextOptionsBuilder<ReplicaDb>().UseNpgsql(database.ConnectionString).Options)
            .Serving(new CallerContext { Tenant = "setup" });
        await db.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync() => _services.DisposeAsync().AsTask();

    private static OrgUnitReplica Unit(string code) => new() { Code = code, Name = code, Level = "Area", Version = 1 };

    [Fact]
    public async Task The_next_scope_gets_the_same_context_working_for_its_own_caller_with_nothing_left_of_the_last()
    {
        ReplicaDb first;
        await using (var scope = _services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CallerContext>().Tenant = "tenant-a";
            first = scope.ServiceProvider.GetRequiredService<ReplicaDb>();
            first.OrgUnits.Add(Unit("A1"));
            await first.SaveChangesAsync();
            first.OrgUnits.Add(Unit("A2")); // left pending: never saved
            first.Database.AutoSavepointsEnabled = false;
            Assert.Single(await first.OrgUnits.ToListAsync());
        }

        await using (var scope = _services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CallerContext>().Tenant = "tenant-b";
            var second = scope.ServiceProvider.GetRequiredService<ReplicaDb>();
            Assert.Same(first, second); // the pool handed the instance back: what follows tests a reuse
            Assert.Equal("tenant-b", second.Caller.Tenant);
            Assert.Empty(second.ChangeTracker.Entries());
            Assert.True(second.Database.AutoSavepointsEnabled);
            Assert.Empty(await second.OrgUnits.ToListAsync()); // tenant-a's row stays tenant-a's
            second.OrgUnits.Add(Unit("B1"));
            await second.SaveChangesAsync();
            Assert.Equal(["B1"], await second.OrgUnits.Select(u => u.Code).ToListAsync());
        }

        await using var check = new ReplicaDb(new DbContextOptionsBuilder<ReplicaDb>().UseNpgsql(database.ConnectionString).Options)
            .Serving(new CallerContext { Tenant = "tenant-a" });
        Assert.Equal(["A1"], await check.OrgUnits.Select(u => u.Code).ToListAsync()); // the pending A2 was never written
    }

    [Fact]
    public async Task A_context_not_handed_to_a_caller_refuses_to_query()
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<ReplicaDb>>().CreateDbContextAsync();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.OrgUnits.ToListAsync());
        Assert.Contains("Serve", refused.Message);
    }

    [Fact]
    public async Task Contexts_served_beside_the_scopes_own_are_other_instances_for_the_same_caller()
    {
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Tenant = "tenant-c";
        var own = scope.ServiceProvider.GetRequiredService<ReplicaDb>();
        await using var beside = DatabaseExtensions.ServedContext<ReplicaDb>(scope.ServiceProvider);
        Assert.NotSame(own, beside);
        Assert.Same(own.Caller, beside.Caller);
    }
}
