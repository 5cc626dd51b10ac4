namespace Region.EndToEnd.Tests;

/// The start command's load step (deploy/local/load) against the services as processes: the demo
/// data goes in through the public APIs and what it prints carries the seed's own figures.
public sealed class LoadStepTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    [Fact]
    public async Task The_load_step_loads_the_RS_2022_demo_data_and_prints_the_seed_figures_and_findings()
    {
        var tenant = "e2e" + Guid.NewGuid().ToString("N")[..10];

        var (exitCode, output) = await system.RunScriptAsync("load", tenant, TimeSpan.FromMinutes(4));

        Assert.True(exitCode == 0, $"deploy/local/load exited with {exitCode}:\n{output}\n{system.Logs()}");
        // The two totals the published table gets wrong, and its net total's own disagreement.
        Shows(output, "3 findings");
        Assert.Matches(@"Other ext\.\s+-763,0\s+-763,4", output);
        Assert.Matches(@"Depreciation\s+-86,5\s+-86,2", output);
        // The board: the officials' budget as printed (-1 585,1) plus the elected members' -4,2.
        Shows(output, "-1 589,3");
        Shows(output, "invented");
        Shows(output, "Budget deviation 2022, January-August");

        // A second run changes nothing and still succeeds.
        var (again, againOutput) = await system.RunScriptAsync("load", tenant, TimeSpan.FromMinutes(4));
        Assert.True(again == 0, againOutput);
        Assert.Matches(@"Outcome lines\s+0\s+224", againOutput);
    }

    /// Assert.Contains cuts a long output short; a failure here shows all of it.
    private static void Shows(string output, string expected)
    {
        if (!output.Contains(expected, StringComparison.Ordinal)) Assert.Fail($"The output lacks \"{expected}\":\n{output}");
    }
}
