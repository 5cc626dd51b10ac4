extern alias goals;
extern alias investments;
extern alias meetings;
using Grpc.Core;
using Npgsql;
using Microsoft.AspNetCore.Hosting;
using Region.Cli;
using Region.TestSupport;
using Spectre.Console;
using Xunit;

namespace Region.Benchmarks;

/// Issue 19's generated region (`regionctl generate --region large`) loaded through the five
/// services in this process, linked by the shared broker, until reporting's read model holds all of
/// it; reporting's database is kept for the next run (KeptRegionDatabase), which then starts
/// reporting alone on it. Reporting listens on real Kestrel (BenchHost.ConfigureBench); the others
/// serve in memory and stop once the region is generated, so they do not run beside what is timed.
/// The size comes from REGION_BENCH_SCALE (1 = the region; BenchmarkProgram's --scale sets it).
public sealed class LargeRegionBenchHost : IAsyncDisposable
{
    public const int Seed = 19;

    private LargeRegionBenchHost(ReportingBenchHost reporting, string readModel, string tenant, LargeRegion region)
    {
        (Reporting, ReadModelConnectionString, Tenant, Region) = (reporting, readModel, tenant, region);
    }

    public ReportingBenchHost Reporting { get; }
    /// Reporting's database (the kept one, not ReportingBenchHost.ConnectionString's empty one).
    public string ReadModelConnectionString { get; }
    public string Tenant { get; }
    public LargeRegion Region { get; }

    public static double Scale =>
        double.TryParse(Environment.GetEnvironmentVariable("REGION_BENCH_SCALE"), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 1;

    /// BenchmarkDotNet runs the global setup once per method: a generation that failed is not tried
    /// again (for minutes) for the next method of the run.
    private static Exception? failedGeneration;

    public static async Task<LargeRegionBenchHost> StartAsync()
    {
        if (failedGeneration is not null) throw new InvalidOperationException("Generating the region failed earlier in this run.", failedGeneration);
        var region = LargeRegion.Create(Seed, Scale);
        var kept = new KeptRegionDatabase(region);
        if (!KeptRegionDatabase.Regenerate && await kept.FinishedAsync() is var (keptTenant, generatedAt))
        {
            Console.WriteLine($"// Reusing the region generated {generatedAt:yyyy-MM-dd HH:mm} UTC in database {kept.Name} (--regenerate to make it again).");
            return new LargeRegionBenchHost(await ReportingBenchHost.StartAsync(kept.ConnectionString), kept.ConnectionString, keptTenant, region);
        }
        await kept.RecreateAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var budget = await BenchHost.StartAsync();
        var goals = await LinkedHost<goals::Program>.StartAsync("goals", "Goals");
        var investments = await LinkedHost<investments::Program>.StartAsync("investments", "Investments");
        var meetings = await LinkedHost<meetings::Program>.StartAsync("meetings", "Meetings");
        var reporting = await ReportingBenchHost.StartAsync(kept.ConnectionString);
        var tenant = BenchHost.NewTenant();
        var host = new LargeRegionBenchHost(reporting, kept.ConnectionString, tenant, region);

        try
        {
            CallInvoker Connect(ServiceEndpoint e) => e.Name switch
            {
                "goals" => goals.Invoker(),
                "investments" => investments.Invoker(),
                "meetings" => meetings.Invoker(),
                "reporting" => reporting.Invoker(),
                _ => budget.Invoker(),
            };
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out), Interactive = InteractionSupport.No });
            var context = new CliContext(console, console, Connect, () => new SocketsHttpHandler(), _ => null)
            {
                AccessToken = async (t, _) => await budget.TokenAsync(t, "bench.user"),
            };
            var exit = await RegionCtl.RunAsync(["generate", "--region", "large", "--seed", Seed.ToString(), "--scale", region.ScaleText, "--tenant", tenant], context);
            if (exit != 0) throw new InvalidOperationException($"regionctl generate exited with {exit}.");
            await host.WaitForReportingAsync();
            await kept.MarkFinishedAsync(tenant);
            Console.WriteLine($"// Region generated and in reporting's read model in {clock.Elapsed.TotalMinutes:0.0} min; kept in database {kept.Name}.");
        }
        catch (Exception e)
        {
            failedGeneration = e;
            await reporting.DisposeAsync();
            throw;
        }
        finally
        {
            foreach (var other in new IAsyncLifetime[] { meetings, investments, goals, budget }) await other.DisposeAsync();
        }
        return host;
    }

    /// Until reporting's read model holds every generated goal, goal outcome of the year's last
    /// tertial, budget outcome line and investment: then nothing changes while the report is timed.
    private async Task WaitForReportingAsync()
    {
        var expected = (
            Goals: (long)Region.Plans.Sum(p => p.Goals.Count),
            Outcomes: (long)Region.GoalOutcomes.Count(o => o.Tertial == 3),
            BudgetLines: (long)Region.BudgetOutcomes.Sum(b => b.Lines.Count),
            Investments: (long)Region.InvestmentPlans.Sum(p => p.Rows.Count));
        await using var connection = new NpgsqlConnection(ReadModelConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (true)
        {
            await using var command = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM goals WHERE "Tenant" = @t),
                       (SELECT count(*) FROM goal_periods WHERE "Tenant" = @t AND "PeriodNumber" = 3 AND "OutcomeTotal" IS NOT NULL),
                       (SELECT count(*) FROM budget_outcomes WHERE "Tenant" = @t),
                       (SELECT count(*) FROM investments WHERE "Tenant" = @t)
                """, connection);
            command.Parameters.AddWithValue("t", Tenant);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var held = (Goals: reader.GetInt64(0), Outcomes: reader.GetInt64(1), BudgetLines: reader.GetInt64(2), Investments: reader.GetInt64(3));
            if (held == expected) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Reporting holds {held}, expected {expected}.");
            Console.WriteLine($"// Waiting for reporting: holds {held} of {expected}.");
            await Task.Delay(2000);
        }
        // The statuses the outcomes move come as events of their own: wait until nothing moves.
        long? last = null;
        while (true)
        {
            await using var version = new NpgsqlCommand("SELECT coalesce(sum(version), 0)::bigint FROM read_model_versions WHERE tenant = @t", connection);
            version.Parameters.AddWithValue("t", Tenant);
            var now = (long)(await version.ExecuteScalarAsync())!;
            if (now == last) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Reporting's read model still moves (version {now}).");
            last = now;
            await Task.Delay(5000);
        }
    }

    public async ValueTask DisposeAsync() => await Reporting.DisposeAsync();
}

/// A service in memory on its own database and the shared broker, ready once its queues are bound.
public sealed class LinkedHost<TProgram>(string service) : ServiceHost<TProgram>(service) where TProgram : class
{
    protected override void Configure(IWebHostBuilder web) => BenchHost.ConfigureBench(web);

    public static async Task<LinkedHost<TProgram>> StartAsync(string service, string project)
    {
        Environment.SetEnvironmentVariable($"ASPNETCORE_TEST_CONTENTROOT_{project.ToUpperInvariant()}", Path.Combine(TestInfra.RepoRoot, "services", project));
        var host = new LinkedHost<TProgram>(service);
        await host.InitializeAsync();
        await host.WaitForBusAsync();
        return host;
    }
}
