extern alias goals;
extern alias investments;
extern alias meetings;
extern alias reporting;
using Region.TestSupport;

namespace Region.Cli.Tests;

/// All five services regionctl generate loads (budget, goals, investments, meetings, reporting)
/// in-process, each on its own PostgreSQL database, linked by the real broker, with regionctl run
/// against them. Budget starts first: it declares the exchanges the others bind to.
public sealed class RegionCliHost : IAsyncLifetime
{
    public BudgetCliHost Budget { get; } = new();
    public BusReadyHost<goals::Program> Goals { get; } = new("goals");
    public BusReadyHost<investments::Program> Investments { get; } = new("investments");
    public BusReadyHost<meetings::Program> Meetings { get; } = new("meetings");
    public BusReadyHost<reporting::Program> Reporting { get; } = new("reporting");

    private Grpc.Core.CallInvoker Connect(ServiceEndpoint endpoint) => endpoint.Name switch
    {
        "goals" => Goals.Invoker(),
        "investments" => Investments.Invoker(),
        "meetings" => Meetings.Invoker(),
        "reporting" => Reporting.Invoker(),
        _ => Budget.Invoker(),
    };

    public Task<CliRun> RunAsync(params string[] args) => Budget.RunWithAsync(Connect, args);

    public async Task InitializeAsync()
    {
        await Budget.InitializeAsync();
        // Side by side: each waits for its own bus, so no unit event is published before its queue is bound.
        await Task.WhenAll(Goals.InitializeAsync(), Investments.InitializeAsync(), Meetings.InitializeAsync(), Reporting.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new IAsyncLifetime[] { Reporting, Meetings, Investments, Goals, Budget }) await host.DisposeAsync();
    }
}

/// A service in-process that is ready only once its bus has bound its queues.
public sealed class BusReadyHost<TProgram>(string service) : ServiceHost<TProgram>(service) where TProgram : class
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await WaitForBusAsync();
    }
}
