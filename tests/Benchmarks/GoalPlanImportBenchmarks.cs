using BenchmarkDotNet.Attributes;
using Region.Goals.V1;

namespace Region.Benchmarks;

/// What importing an adopted goal plan (ImportPlan) costs against a binary COPY of every row such an
/// import wrote (the plan, its revision, its outbox events and audit row: ImportRows) into the same
/// tables. The plan has `Goals` goals with typed targets in 10 goal areas, each goal the
/// responsibility of one of 20 areas; each iteration imports the body's plan of a new year. The budget
/// service runs beside the goals service: it announces the units the goals service's replica checks.
[Config(typeof(BatchConfig))]
public class GoalPlanImportBenchmarks
{
    public const int Goals = 100;
    public const int Areas = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private BenchHost _budgetHost = null!;
    private GoalsBenchHost _goalsHost = null!;
    private GoalsService.GoalsServiceClient _goals = null!;
    private ImportRows _rows = null!;
    private int _year = BenchData.Year + 1;

    [GlobalSetup(Target = nameof(Copy))]
    public async Task SetUpCopyAsync()
    {
        await StartAsync(outboxDispatcher: false);
        _rows = await ImportRows.CaptureAsync(_goalsHost.ConnectionString, "SELECT xmin FROM plans");
        await _rows.CheckLoadAsync(minimumRows: 3);
    }

    [GlobalSetup(Target = nameof(Import))]
    public Task SetUpImportAsync() => StartAsync(outboxDispatcher: true);

    /// Both services, the units, and a first plan once the goals service knows the units.
    private async Task StartAsync(bool outboxDispatcher)
    {
        _goalsHost = await GoalsBenchHost.StartAsync(outboxDispatcher);
        _budgetHost = await BenchHost.StartAsync();
        var tenant = BenchHost.NewTenant();
        await BenchData.CreateTreeAsync(_budgetHost.Client(tenant), Areas);
        _goals = _goalsHost.Client(tenant);
        await GoalsBenchHost.ImportWhenUnitsKnownAsync(_goals, Plan(BenchData.Year), Timeout);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _goalsHost.DisposeAsync();
        await _budgetHost.DisposeAsync();
    }

    [IterationSetup(Target = nameof(Copy))]
    public void DeleteLastCopy() => _rows.DeleteLastAsync().GetAwaiter().GetResult();

    /// The previous import's events are dispatched before the next one is timed (as ImportBenchmarks does).
    [IterationSetup(Target = nameof(Import))]
    public void WaitForEmptyOutbox() => BenchHost.WaitForEmptyOutboxAsync(_goalsHost.ConnectionString).GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "COPY of the same rows (binary, same tables)")]
    public Task Copy() => _rows.LoadAsync();

    [Benchmark(Description = "ImportPlan 100 goals, adopted (gRPC)")]
    public async Task<Plan> Import()
    {
        var plan = await _goals.ImportPlanAsync(Plan(_year++));
        return plan.Revisions.Count == 1 && plan.Revisions[0].Goals == Goals && plan.Findings.Count == 0
            ? plan
            : throw new InvalidOperationException($"ImportPlan gave {plan.Revisions.Count} revisions and {plan.Findings.Count} findings, expected one and none.");
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
