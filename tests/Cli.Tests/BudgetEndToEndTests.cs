using Google.Protobuf;
using Grpc.Net.Client;
using Region.Budget.V1;

namespace Region.Cli.Tests;

/// regionctl against the real budget service (in-process, real PostgreSQL and RabbitMQ).
public sealed class BudgetEndToEndTests(BudgetCliHost host) : IClassFixture<BudgetCliHost>
{
    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Import_loads_the_RS_2022_demo_data_and_reports_its_three_findings()
    {
        var tenant = NewTenant();

        var import = await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("3 findings", import.Out);
        Assert.Contains("-763,0", import.Out);
        Assert.Contains("-763,4", import.Out);
        Assert.Matches(@"Units\s+14\s+0", import.Out);
        Assert.Matches(@"Ledger entries\s+20\s+0", import.Out);

        var frames = await host.RunAsync("frames", "--unit", "RS", "--year", "2022", "--tenant", tenant);

        Assert.True(frames.ExitCode == 0, frames.ToString());
        // The officials' roll-up (RS-TJM) is the published -1 585,1: the ledger did not count its changes twice.
        Assert.Matches(@"RS-TJM Regionstyrelsens förvaltning[ ·]+-1 585,1", frames.Out);
        Assert.Matches(@"RD Regiondirektör\s+200,2\s+15,5\s+-282,9\s+0,0\s+-168,6\s+0,5\s+1,1\s+-234,2\s+-234,2", frames.Out);
        Assert.Matches(@"Total\s+304,6\s+227,3\s+-552,7\s+-30,5\s+-763,6\s+-86,2\s+-688,2\s+-1 589,3\s+-1 589,3", frames.Out);
    }

    [Fact]
    public async Task Import_keeps_the_printed_changes_amounts_marked_as_included_in_the_opening_frames()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);

        var client = new BudgetService.BudgetServiceClient(host.Invoker(tenant));
        var ledger = (await client.ListLedgerAsync(new() { UnitCode = "RS", Year = 2022, IncludeSubtree = true })).Entries;

        Assert.Equal(20, ledger.Count);
        Assert.All(ledger, e => Assert.True(e.IncludedInOpening));
        // Seed 003, lines 365 and 386: 8,2 mkr for study grants, 9 mkr for hälsoval, as amounts, not estimates.
        var studyGrants = ledger.Single(e => e.CaseNumber == "RS/775/2020");
        Assert.Equal((Amounts.SekFromMsek(-8.2m), false), (FrameColumnInfo.Net(studyGrants.Change), studyGrants.AmountIsEstimate));
        var healthChoice = ledger.Single(e => e.Reason.StartsWith("Prioritering 9 mkr", StringComparison.Ordinal));
        Assert.Equal((Amounts.SekFromMsek(-9.0m), false), (FrameColumnInfo.Net(healthChoice.Change), healthChoice.AmountIsEstimate));
        Assert.Equal(Amounts.SekFromMsek(-39.9m), ledger.Sum(e => FrameColumnInfo.Net(e.Change)));
        // ... and the frames stay as printed.
        var rd = await client.GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });
        Assert.Equal((Amounts.SekFromMsek(-234.2m), 0L), (rd.Current.Net, rd.Adjustments.Net));
    }

    [Fact]
    public async Task Importing_twice_changes_nothing_the_second_time()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);

        var again = await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already open", again.Out);
        Assert.Matches(@"Units\s+0\s+14", again.Out);
        Assert.Matches(@"Frame table\s+0\s+1", again.Out);
        Assert.Matches(@"Ledger entries\s+0\s+20", again.Out);
        Assert.Contains("3 findings", again.Out);
        var ledger = await host.RunAsync("ledger", "--unit", "RS", "--year", "2022", "--subtree", "--tenant", tenant);
        Assert.Equal(20, ledger.Out.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d{4}-\d\d-\d\d ")));
    }

    [Fact]
    public async Task A_ledger_of_changes_after_the_table_moves_the_frames_by_its_signed_amounts()
    {
        var tenant = NewTenant();
        var path = Path.Combine(Path.GetTempPath(), $"rs-2022-after-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(BudgetDemoDataTests.Rs2022)).Replace("included_in_frames: true", "included_in_frames: false"));
        try
        {
            Assert.Equal(0, (await host.RunAsync("import", path, "--tenant", tenant)).ExitCode);
        }
        finally
        {
            File.Delete(path);
        }

        var json = await host.RunAsync("frames", "--unit", "RS-TJM", "--year", "2022", "--json", "--tenant", tenant);

        var frames = JsonParser.Default.Parse<ListBudgetFramesResponse>(json.Out);
        var rd = frames.Units.Single(u => u.Unit.Code == "RD").Frame;
        // -234,2 − 0,2 (friskvård) − 8,2 (studiemedel) − 8,4 (vidareutbildning), all personnel costs.
        Assert.Equal(Amounts.SekFromMsek(-251.0m), rd.Current.Net);
        Assert.Equal(Amounts.SekFromMsek(-282.9m - 16.8m), rd.Current.PersonnelCosts);
        Assert.Equal(Amounts.SekFromMsek(-1585.1m - 16.8m - 12.0m - 11.1m), frames.Total.Net);
        // int64 as strings, the protobuf JSON mapping's form, which the HTTP JSON of the services also uses.
        using var raw = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.Equal(System.Text.Json.JsonValueKind.String, raw.RootElement.GetProperty("total").GetProperty("net").ValueKind);
    }

    [Fact]
    public async Task A_year_without_frames_or_figures_is_said_in_words_and_exits_1_not_printed_as_zeros()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);

        var frames = await host.RunAsync("frames", "--unit", "rs", "--year", "2021", "--tenant", tenant);
        var deviation = await host.RunAsync("deviation", "--unit", "RS", "--year", "2023", "--month", "8", "--tenant", tenant);

        Assert.True(frames.ExitCode == 1, frames.ToString());
        Assert.Equal("RS has no frames for 2021 (years with frames: 2022).", frames.Error.Trim());
        Assert.DoesNotContain("0,0", frames.Out);
        Assert.True(deviation.ExitCode == 1, deviation.ToString());
        Assert.Equal("RS has no budget, outcomes or forecast for 2023 (years with frames: 2022).", deviation.Error.Trim());
        Assert.Equal(0, (await host.RunAsync("frames", "--unit", "RS", "--year", "2022", "--tenant", tenant)).ExitCode);
    }

    [Fact]
    public async Task Units_without_any_frame_are_said_to_have_none_in_any_year_and_exit_1()
    {
        var tenant = NewTenant();
        var client = new BudgetService.BudgetServiceClient(host.Invoker(tenant));
        await client.CreateUnitAsync(new() { Code = "RJH", Name = "Region Jämtland Härjedalen", Level = UnitLevel.Region });
        await client.CreateUnitAsync(new() { Code = "RS", Name = "Regionstyrelsen", Level = UnitLevel.Body, ParentCode = "RJH" });

        var frames = await host.RunAsync("frames", "--unit", "RS", "--year", "2022", "--tenant", tenant);
        var deviation = await host.RunAsync("deviation", "--unit", "RS", "--year", "2022", "--month", "8", "--tenant", tenant);

        Assert.True(frames.ExitCode == 1, frames.ToString());
        Assert.Equal("RS has no frames (no year has any).", frames.Error.Trim());
        Assert.True(deviation.ExitCode == 1, deviation.ToString());
        Assert.Equal("RS has no budget, outcomes or forecast (no year has any frames).", deviation.Error.Trim());
    }

    [Fact]
    public async Task A_rejected_adjustment_prints_every_field_violation_and_exits_1()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);

        var run = await host.RunAsync("adjust", "--unit", "RD", "--year", "2022", "--kind", "other",
            "--column", "personnel-costs", "--amount", "0", "--reason", " ", "--case", "775/2020", "--tenant", tenant);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("InvalidArgument: the request was refused (3 problems):", run.Error);
        Assert.Contains("  change: The change is zero in every column.", run.Error);
        Assert.Contains("  --reason: Every frame change needs a reason.", run.Error);
        Assert.Contains("  --case: Expected a case number like RS/775/2020.", run.Error);
        Assert.Single(run.Error.Split('\n'), line => line.Contains("Every frame change needs a reason."));
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task An_adjustment_changes_the_frame_and_shows_it()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);

        var run = await host.RunAsAsync("anna", "adjust", "--unit", "RST", "--year", "2022", "--kind", "prioritisation",
            "--column", "other-external-costs", "--amount", "-1,5 MSEK", "--reason", "Test", "--case", "RS/1/2022", "--tenant", tenant);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"Other ext\.\s+-455,1\s+-1,5\s+-456,6", run.Out);
        Assert.Matches(@"Net\s+-497,3\s+-1,5\s+-498,8", run.Out);
        var ledger = await host.RunAsync("ledger", "--unit", "RST", "--year", "2022", "--tenant", tenant);
        Assert.Matches(@"RST\s+prioritisation\s+-1,5\s+Test\s+RS/1/2022\s+anna", ledger.Out);
    }

    [Fact]
    public async Task A_transfer_moves_the_amount_from_one_frame_to_the_other()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);

        var run = await host.RunAsync("transfer", "--from", "VV", "--to", "RST", "--year", "2022", "--column", "personnel-costs",
            "--amount", "-0.8m", "--reason", "Samordnare alkoholfrågor", "--tenant", tenant);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"Net\s+-853,6\s+0,8\s+-852,8", run.Out);
        Assert.Matches(@"Net\s+-497,3\s+-0,8\s+-498,1", run.Out);
    }

    [Fact]
    public async Task The_tree_and_the_imports_show_what_was_loaded()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);

        var tree = await host.RunAsync("units", "tree", "--root", "RST", "--tenant", tenant);
        var imports = await host.RunAsync("imports", "--body", "RS", "--year", "2022", "--tenant", tenant);

        Assert.Contains("RST Regionstaben (area)", tree.Out);
        Assert.Contains("REGIONSERVICE Regionservice (department)", tree.Out);
        Assert.DoesNotContain("Vårdval", tree.Out);
        Assert.Matches(@"Summa tjänstemannabudget\s+Depreciation\s+-86,5\s+-86,2\s+-0,3", imports.Out);
        Assert.Matches(@"Summa tjänstemannabudget\s+Net \(columns\)\s+-1 585,1\s+-1 585,0\s+-0,1", imports.Out);
    }

    [Fact]
    public async Task Status_reports_the_service_ready()
    {
        var run = await host.RunAsync("status");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"budget\s+http://127\.0\.0\.1:5101/\s+http://127\.0\.0\.1:5201/readyz\s+ready", run.Out);
    }

    [Fact]
    public async Task A_service_that_is_not_there_exits_3()
    {
        using var nowhere = GrpcChannel.ForAddress("http://127.0.0.1:9");

        var run = await host.RunWithAsync(_ => nowhere.CreateCallInvoker(), ["frames", "--unit", "RS", "--year", "2022"]);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("Unavailable", run.Error);
    }

    [Fact]
    public async Task The_kinds_of_the_regions_documents_are_understood_and_a_transfer_is_pointed_to_its_command()
    {
        var omdisponering = await host.RunAsync("adjust", "--unit", "RD", "--year", "2022", "--kind", "omdisponering", "--column", "personnel-costs", "--amount", "-1m", "--reason", "x");
        var unknown = await host.RunAsync("adjust", "--unit", "RD", "--year", "2022", "--kind", "horoscope", "--column", "personnel-costs", "--amount", "-1m", "--reason", "x");
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);
        var prioritering = await host.RunAsync("adjust", "--unit", "RD", "--year", "2022", "--kind", "Prioritering", "--column", "personnel-costs",
            "--amount", "-1m", "--reason", "Omprioritering inom stab", "--case", "RS/775/2020", "--tenant", tenant);

        Assert.Equal((2, 2), (omdisponering.ExitCode, unknown.ExitCode));
        Assert.Contains("regionctl transfer --from <unit> --to <unit>", omdisponering.Error);
        Assert.Contains("--kind: 'horoscope' is not one of index-uplift, prioritisation, other (or in Swedish indexuppräkning, prioritering, övrigt).", unknown.Error);
        Assert.True(prioritering.ExitCode == 0, prioritering.ToString());
        Assert.Contains("Omprioritering inom stab", (await host.RunAsync("ledger", "--unit", "RD", "--year", "2022", "--tenant", tenant)).Out);
    }

    [Fact]
    public async Task A_usage_error_exits_2_without_calling()
    {
        var missingYear = await host.RunAsync("frames", "--unit", "RS");
        var badAmount = await host.RunAsync("adjust", "--unit", "RD", "--year", "2022", "--kind", "other", "--column", "personnel-costs", "--amount", "lots", "--reason", "x");
        var badFile = await host.RunAsync("import", "no/such/file.yaml");
        var unknownKind = Path.Combine(Path.GetTempPath(), $"kind-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(unknownKind, "kind: horoscope\nsource: nowhere\n");
        var badKind = await host.RunAsync("import", unknownKind);
        File.Delete(unknownKind);

        Assert.Equal((2, 2, 2, 2), (missingYear.ExitCode, badAmount.ExitCode, badFile.ExitCode, badKind.ExitCode));
        Assert.Contains("kind 'horoscope' is not one of budget", badKind.Error);
        Assert.Contains("--year", missingYear.Error);
        Assert.Contains("'lots' is not an amount", badAmount.Error);
        Assert.Contains("no such file", badFile.Error);
    }
}
