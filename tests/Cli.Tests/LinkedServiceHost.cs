using Region.TestSupport;

namespace Region.Cli.Tests;

/// The budget service and one more service in-process, each on its own PostgreSQL database, linked by
/// the real broker (the budget import's unit events feed the other service's org-unit replica), with
/// regionctl run against both. The other service's queues are its own and go away with it.
public abstract class LinkedServiceHost<TProgram>(string service) : ServiceHost<TProgram>(service) where TProgram : class
{
    public BudgetCliHost Budget { get; } = new();

    public override async Task InitializeAsync()
    {
        await Budget.InitializeAsync();
        await base.InitializeAsync();
        // The service starts without waiting for its bus (production must not); events published
        // before its queue is bound to their exchanges would reach no queue at all. Since the outbox
        // publishes a whole import's unit events at once, the first ones could otherwise be lost here.
        await WaitForBusAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Budget.DisposeAsync();
    }

    public Task<CliRun> RunAsync(params string[] args) =>
        Budget.RunWithAsync(e => e.Name == Service ? Invoker() : Budget.Invoker(), args);

    /// The same signed in as this user, whom ledgers and histories then name.
    public Task<CliRun> RunAsAsync(string user, params string[] args) =>
        Budget.RunWithAsync(e => e.Name == Service ? Invoker() : Budget.Invoker(), args, user);
}
