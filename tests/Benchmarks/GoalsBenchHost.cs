extern alias goals;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Region.Goals.V1;
using Region.TestSupport;
using GoalsProgram = goals::Program;

namespace Region.Benchmarks;

/// The goals service in this process behind real Kestrel, as BenchHost has the budget service.
public sealed class GoalsBenchHost(bool outboxDispatcher = true) : ServiceHost<GoalsProgram>("goals")
{
    protected override bool OnKestrel => true;

    protected override void Configure(IWebHostBuilder web) => BenchHost.ConfigureBench(web, outboxDispatcher);

    public static async Task<GoalsBenchHost> StartAsync(bool outboxDispatcher = true)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_GOALS", Path.Combine(TestInfra.RepoRoot, "services", "Goals"));
        var host = new GoalsBenchHost(outboxDispatcher);
        await host.InitializeAsync();
        return host;
    }

    public GoalsService.GoalsServiceClient Client(string tenant) => new(Invoker(tenant, "bench.user"));

    /// The code of the one goal of the benchmark's plan: sick leave at most 4.8 %, the body's own.
    public const string GoalCode = "FRANVARO";

    /// Imports an adopted plan of the benchmark body with one measurable goal, once the goals
    /// service's replica knows the body (the budget service announces it through the broker).
    public static async Task ImportPlanAsync(GoalsService.GoalsServiceClient client, TimeSpan timeout)
    {
        var request = new ImportPlanRequest
        {
            BodyCode = BenchData.Body, Year = BenchData.Year, Name = "Verksamhetsplan (benchmark)", CaseNumber = "BRS/1/2021", Adopt = true,
            Strategies = { new Strategy { Code = "MED", Name = "Medarbetare" } },
            GoalAreas = { new GoalArea { Code = "HALSA", Name = "Hälsa", StrategyCode = "MED" } },
            Goals =
            {
                new Goal
                {
                    Code = GoalCode, GoalAreaCode = "HALSA", Kind = GoalKind.Goal, Name = "Sjukfrånvaron ska vara lägre än målvärdet",
                    ResponsibleUnitCode = BenchData.Body, Target = new Target { Text = "4,8 %", Bound = Bound.AtMost },
                },
            },
        };
        await ImportWhenUnitsKnownAsync(client, request, timeout);
    }

    /// Imports the plan, trying again while the goals service's replica does not yet know its units.
    public static async Task<Plan> ImportWhenUnitsKnownAsync(GoalsService.GoalsServiceClient client, ImportPlanRequest request, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await client.ImportPlanAsync(request);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100); // the responsible unit has not reached the replica yet
            }
        }
    }
}
