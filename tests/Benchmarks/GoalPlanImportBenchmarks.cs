using BenchmarkDotNet.Attributes;
using Region.Goals.V1;

namespace Region.Benchmarks;

/// What importing an adopted goal plan (ImportPlan) costs against a binary COPY of every row such an
/// import wrote (ImportBenchmark: the plan, its revision, its outbox events and audit rows). The plan has `Goals` goals with typed targets in 10 goal areas, each goal the
/// responsibility of one of 20 areas; each iteration imports the body's plan of a new year. The budget
/// service runs beside the goals service: it announces the units the goals service's replica checks.
public class GoalPlanImportBenchmarks : ImportBenchmark
{
    public const int Goals = 100;
    public const int Areas = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private BenchHost _budgetHost = null!;
    private GoalsBenchHost _goalsHost = null!;
    private GoalsService.GoalsServiceClient _goals = null!;
    private int _year = BenchData.Year + 1;

    protected override string ConnectionString => _goalsHost.ConnectionString;
    protected override string AnchorQuery => "SELECT xmin FROM plans";
    protected override long MinimumRows => Goals + 4;

    /// Both services, the units, and a first plan once the goals service knows the units.
    protected override async Task StartAsync(bool outboxDispatcher)
    {
        _goalsHost = await GoalsBenchHost.StartAsync(outboxDispatcher);
        _budgetHost = await BenchHost.StartAsync();
        var tenant = BenchHost.NewTenant();
        await BenchData.CreateTreeAsync(_budgetHost.Client(tenant), Areas);
        _goals = _goalsHost.Client(tenant);
        await GoalsBenchHost.ImportWhenUnitsKnownAsync(_goals, Plan(BenchData.Year), Timeout);
    }

    /// The first plan (StartAsync) is the import the baseline copies.
    protected override Task ImportOnceAsync() => Task.CompletedTask;

    protected override async Task StopAsync()
    {
        await _goalsHost.DisposeAsync();
        await _budgetHost.DisposeAsync();
    }

    [Benchmark(Description = "ImportPlan 100 goals, adopted (gRPC)")]
    public override async Task Import()
    {
        var plan = await _goals.ImportPlanAsync(Plan(_year++));
        if (plan.Revisions.Count != 1 || plan.Revisions[0].Goals != Goals || plan.Findings.Count != 0)
            throw new InvalidOperationException($"ImportPlan gave {plan.Revisions.Count} revisions and {plan.Findings.Count} findings, expected one and none.");
    }

    private static ImportPlanRequest Plan(int year)
    {
        var plan = new ImportPlanRequest
        {
            BodyCode = BenchData.Body, Year = year, Name = $"Verksamhetsplan {year} (benchmark)", CaseNumber = $"BRS/{year}/1", Adopt = true,
            Strategies = { new Strategy { Code = "MED", Name = "Medarbetare" }, new Strategy { Code = "VARD", Name = "Vård" } },
        };
        for (var a = 1; a <= 10; a++)
            plan.GoalAreas.Add(new GoalArea { Code = $"OMR{a}", Name = $"Målområde {a}", StrategyCode = a % 2 == 0 ? "MED" : "VARD" });
        for (var g = 1; g <= Goals; g++)
            plan.Goals.Add(new Goal
            {
                Code = $"MAL{g:000}", GoalAreaCode = $"OMR{g % 10 + 1}", Kind = GoalKind.Goal, Name = $"Sjukfrånvaron i område {g} ska vara lägre än målvärdet",
                ResponsibleUnitCode = BenchData.AreaCode(g % Areas + 1), Target = new Target { Text = $"{g % 9 + 1},5 %", Bound = Bound.AtMost },
            });
        return plan;
    }
}
