using System.Text.RegularExpressions;

namespace Region.Cli.Tests;

/// What a newcomer trips over in regionctl's budget commands (issue 22): typos, help, opening a frame.
public sealed class BudgetCliUsabilityTests(BudgetCliHost host) : IClassFixture<BudgetCliHost>
{
    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Typos_get_a_suggestion_from_the_parser_and_from_the_service()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);

        var command = await host.RunAsync("frame", "--unit", "RS", "--year", "2022", "--tenant", tenant);
        var option = await host.RunAsync("frames", "--unt", "RS", "--year", "2022", "--tenant", tenant);
        var unit = await host.RunAsync("frames", "--unit", "RSS", "--year", "2022", "--tenant", tenant);

        Assert.Equal((2, 2, 1), (command.ExitCode, option.ExitCode, unit.ExitCode));
        Assert.Contains("'frame': Did you mean frames?", command.Error);
        Assert.Contains("'--unt': Did you mean --unit?", option.Error);
        Assert.Contains("NotFound: Unit 'RSS' does not exist in this region. Did you mean RS", unit.Error);
    }

    [Fact]
    public async Task Help_keeps_the_address_options_to_the_top_level_and_its_columns_narrow()
    {
        var top = await host.RunAsync("--help");
        var adjust = await host.RunAsync("adjust", "--help");

        Assert.Contains("--budget, --goals, --investments, --meetings, --reporting <url>", top.Out);
        Assert.Contains("follow-up report", top.Out);
        Assert.DoesNotContain("--investments-http", adjust.Out);
        Assert.Contains("--column <column>", adjust.Out);
        Assert.Contains("One of: external-revenue, internal-revenue, personnel-costs", Regex.Replace(adjust.Out, @"\s+", " "));
        // Descriptions start in a narrow first column: no option's placeholder lists the choices.
        Assert.All(adjust.Out.Split('\n').Where(l => l.TrimStart().StartsWith("--")),
            line => Assert.True(line.IndexOf("  ", line.IndexOf("--"), StringComparison.Ordinal) < 40, line));
    }

    [Fact]
    public async Task Deviation_help_defines_the_deviation_as_the_table_does()
    {
        var help = await host.RunAsync("deviation", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Budget follow-up per unit, in MSEK: period budget, outcome, deviation (outcome − period budget: positive is better than budget) and forecast.",
            Regex.Replace(help.Out, @"\s+", " "));
    }

    [Fact]
    public async Task Open_frame_opens_a_year_that_adjust_then_changes()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);
        var before = await host.RunAsync("adjust", "--unit", "RD", "--year", "2023", "--kind", "other", "--column", "personnel-costs",
            "--amount", "-1m", "--reason", "Ny tjänst", "--tenant", tenant);
        Assert.Contains("open one first (OpenFrame, regionctl open-frame)", before.Error);

        var open = await host.RunAsync("open-frame", "--unit", "RD", "--year", "2023", "--personnel-costs", "-20 MSEK",
            "--external-revenue", "2m", "--weights", "8,8,9,8,8,7,5,7,9,9,9,13", "--tenant", tenant);
        var again = await host.RunAsync("open-frame", "--unit", "RD", "--year", "2023", "--tenant", tenant);
        var badWeights = await host.RunAsync("open-frame", "--unit", "RD", "--year", "2024", "--weights", "1,2,3", "--tenant", tenant);
        var adjust = await host.RunAsync("adjust", "--unit", "RD", "--year", "2023", "--kind", "other", "--column", "personnel-costs",
            "--amount", "-1m", "--reason", "Ny tjänst", "--tenant", tenant);

        Assert.True(open.ExitCode == 0, open.ToString());
        Assert.Contains("-20,0", open.Out);
        Assert.Equal((1, 2, 0), (again.ExitCode, badWeights.ExitCode, adjust.ExitCode));
        Assert.Contains("AlreadyExists: The 2023 frame of RD is already open", again.Error);
        Assert.Contains("--weights: '1,2,3' is not twelve non-negative whole numbers", badWeights.Error);
        Assert.Contains("-21,0", adjust.Out);
    }
}
