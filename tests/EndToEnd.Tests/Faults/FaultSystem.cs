using Region.TestSupport;

namespace Region.EndToEnd.Tests.Faults;

/// The fault suite runs alone: it stops and restarts servers, and timings mean little beside other tests.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection : ICollectionFixture<FaultSystem>
{
    public const string Name = "faults";
}

/// All five services as processes on a PostgreSQL cluster and a RabbitMQ node of the suite's own
/// (never the shared ones on 55432/55672, which other tests and people use), a probe queue bound to
/// every event, and the figures each fault reports (written to docs/reliability.md at the end).
public sealed class FaultSystem : IAsyncLifetime
{
    private readonly PrivatePostgres _postgres = new();
    private RunningSystem? _system;
    private EventCollector? _probe;

    public RunningSystem System => _system ?? throw new InvalidOperationException("The fault system is not started.");

    public PrivatePostgres Postgres => _postgres;

    /// A durable queue on the suite's broker bound to every integration event: what was published, how often.
    public EventCollector Probe => _probe ?? throw new InvalidOperationException("The fault system is not started.");

    public ReliabilityRecord Record { get; } = new();

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _system = new RunningSystem(_postgres.AdminConnectionString);
        await _system.InitializeAsync();
        _probe = await EventCollector.StartAsync(_system.Broker.Uri);
    }

    public async Task DisposeAsync()
    {
        Record.WriteIfAsked();
        if (_probe is not null) await _probe.DisposeAsync();
        if (_system is not null) await _system.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
