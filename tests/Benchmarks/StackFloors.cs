using Region.ServiceDefaults.Auth;
using Region.TestSupport;

namespace Region.Benchmarks;

/// The floors under the services' idle memory (tests/IdleFloor): servers with less and less of the
/// services' code, from an empty gRPC server to the shared host without a service, so the idle rows
/// say how much of a service's memory is its own and how much every service carries.
public static partial class StackStartup
{
    /// What a service holds before any code of its own (tests/IdleFloor), measured after the services
    /// in the same run, published and started the same way: the memory a service can act on is
    /// what it holds above the shared host.
    private static readonly (string Mode, string Name)[] Floors =
    [
        ("empty", "an empty ASP.NET Core gRPC server"),
        ("defaults", "ServiceDefaults without bus and database"),
        ("bus", "ServiceDefaults and the bus"),
        ("shared", "the services' shared host without a service of its own"),
    ];

    /// The floors at once, after the services (which are gone by then), measured as they were:
    /// ready, a few calls (the gRPC health service, their one service), then idle.
    private static async Task<(Dictionary<string, double> Busy, Dictionary<string, double> Idle, Dictionary<string, double> Pss)> RunFloorsAsync(
        string setting, bool plainBuild)
    {
        var identity = await IdentityProvider.SharedAsync();
        await using var database = await PostgresDatabase.CreateAsync();
        var processes = Floors.ToDictionary(f => f.Mode, f =>
            Launch($"{f.Mode} floor", Path.Combine("tests", "IdleFloor"), "IdleFloor", f.Mode, f.Mode == "shared" ? database.ConnectionString : null,
                identity.Authority, Settings[setting], plainBuild));
        try
        {
            await Task.WhenAll(processes.Select(p => WaitReadyAsync($"{p.Key} floor", p.Value.Item1, p.Value.Item3)));
            var token = await identity.TokenAsync(BenchHost.NewTenant(), [RegionRoles.Admin]);
            foreach (var (_, grpc, _) in processes.Values)
            {
                var health = new Grpc.Health.V1.Health.HealthClient(Invoker(grpc, token));
                for (var i = 0; i < 3; i++) await health.CheckAsync(new(), deadline: Deadline);
            }
            var busy = processes.ToDictionary(p => p.Key, p => ResidentMiB(p.Value.Item1));
            await Task.Delay(Idle);
            return (busy, processes.ToDictionary(p => p.Key, p => ResidentMiB(p.Value.Item1)), processes.ToDictionary(p => p.Key, p => ProportionalMiB(p.Value.Item1)));
        }
        finally
        {
            await StopAllAsync(processes.Values.Select(p => p.Item1));
        }
    }
}
