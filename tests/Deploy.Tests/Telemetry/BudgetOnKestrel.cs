using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Region.Budget.V1;
using Region.TestSupport;

namespace Region.Deploy.Tests.Telemetry;

/// The budget service on real loopback ports (Kestrel, HTTP/2 gRPC) with its own database,
/// publishing to the shared broker; its spans go to the test's in-memory list.
public sealed class BudgetOnKestrel(ICollection<Activity> spans) : ServiceHost<Program>("budget")
{
    protected override bool OnKestrel => true;

    protected override void Configure(IWebHostBuilder web) =>
        web.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));

    public BudgetService.BudgetServiceClient Client(string tenant) => new(Invoker(tenant));
}

static class Network
{
    /// Polls until the condition holds, or fails the test after a minute.
    public static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var patience = TimeSpan.FromSeconds(60);
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Waited {patience.TotalSeconds:0} s for {what}.");
            await Task.Delay(100);
        }
    }
}
