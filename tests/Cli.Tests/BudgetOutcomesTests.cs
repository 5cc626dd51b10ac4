using Google.Protobuf;
using Region.Budget.V1;
using Region.TestSupport;

namespace Region.Cli.Tests;

/// The invented budget outcomes of the demo: the file's own rules, and `import` + `deviation`
/// against the real budget service.
public sealed class BudgetOutcomesTests(BudgetCliHost host) : IClassFixture<BudgetCliHost>
{
    public static string Rs2022Outcomes => Path.Combine(TestInfra.RepoRoot, "demo-data", "rs-2022", "budget-outcomes-2022.invented.yaml");

    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public void The_demo_file_says_it_is_invented_and_names_only_units_with_a_frame_in_the_budget_file()
    {
        var outcomes = BudgetOutcomesFile.Load(Rs2022Outcomes);
        var framed = BudgetFile.Load(BudgetDemoDataTests.Rs2022).ToImportRequest().Rows.Select(r => r.UnitCode).ToHashSet();

        Assert.True(outcomes.Invented);
        Assert.Equal((2022, 8), (outcomes.Year, outcomes.ThroughMonth));
        Assert.All(outcomes.Units!, u => Assert.Contains(u.Unit!, framed));
    }

    [Fact]
    public void A_bad_file_lists_every_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"outcomes-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "kind: budget-outcomes\nyear: 1999\nthrough_month: 13\nunits:\n  - unit: RD\n    factors: { salaries: 1.1, depreciation: 7 }\n    forecast_net: -1.23\n  - unit: RD\n");
        try
        {
            var error = Assert.Throws<UsageException>(() => BudgetOutcomesFile.Load(path));
            var text = string.Join("\n", error.Problems);
            Assert.Contains("6 problem(s)", text);
            Assert.Contains("year: 1999", text);
            Assert.Contains("through_month: 13", text);
            Assert.Contains("factors.salaries: not a frame column", text);
            Assert.Contains("factors.depreciation: 7 is outside", text);
            Assert.Contains("forecast_net", text);
            Assert.Contains("units[1].unit: RD is listed twice", text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Imported_outcomes_give_the_deviation_the_factors_say_and_a_second_import_changes_nothing()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);

        var first = await host.RunAsync("import", Rs2022Outcomes, "--tenant", tenant);
        var again = await host.RunAsync("import", Rs2022Outcomes, "--tenant", tenant);
        var json = await host.RunAsync("deviation", "--unit", "RS", "--year", "2022", "--month", "8", "--json", "--tenant", tenant);
        var table = await host.RunAsync("deviation", "--unit", "RS", "--year", "2022", "--month", "8", "--tenant", tenant);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("invented", first.Out);
        Assert.Matches(@"Outcome lines\s+224\s+0", first.Out); // 8 months x 4 units x 7 columns
        Assert.Matches(@"Outcome lines\s+0\s+224", again.Out);
        var report = JsonParser.Default.Parse<DeviationReport>(json.Out);
        var rd = Assert.Single(report.Rows, r => r.Unit.Code == "RD");
        // Eight months of personnel at 2 % over (-282,9 MSEK a year) and other external costs at 3 % under (-168,6).
        Assert.InRange(rd.Deviation.PersonnelCosts, -3_772_000 - 10, -3_772_000 + 10);
        Assert.InRange(rd.Deviation.OtherExternalCosts, 3_372_000 - 10, 3_372_000 + 10);
        Assert.Equal(-234_800_000 - -234_200_000, rd.ForecastDeviation);
        var ftm = Assert.Single(report.Rows, r => r.Unit.Code == "RS-FTM");
        Assert.InRange(ftm.Deviation.Net, -10, 10);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Budget deviation 2022, January-August (MSEK; deviation = outcome - period budget, positive is better than budget)", table.Out);
    }
}
