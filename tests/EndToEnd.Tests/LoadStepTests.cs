namespace Region.EndToEnd.Tests;

/// The start command's load step (deploy/local/load) against the services as processes: the demo
/// data goes in through the public APIs and what it prints carries the seed's own figures.
[Collection(RunningSystemCollection.Name)]
public sealed class LoadStepTests(RunningSystem system)
{
    [Fact]
    public async Task The_load_step_loads_the_RS_2022_demo_data_and_prints_the_seed_figures_and_findings()
    {
        var tenant = "e2e" + Guid.NewGuid().ToString("N")[..10];

        var (exitCode, output) = await system.RunScriptAsync("load", tenant, TimeSpan.FromMinutes(6));

        Assert.True(exitCode == 0, $"deploy/local/load exited with {exitCode}:\n{output}\n{system.Logs()}");
        // The two totals the published table gets wrong, and its net total's own disagreement.
        Shows(output, "3 findings");
        Assert.Matches(@"Other ext\.\s+-763,0\s+-763,4", output);
        Assert.Matches(@"Depreciation\s+-86,5\s+-86,2", output);
        // The board: the officials' budget as printed (-1 585,1) plus the elected members' -4,2.
        Shows(output, "-1 589,3");
        Shows(output, "invented");
        Shows(output, "Budget deviation 2022, January-August");
        // The board's 27 investments of seed 003, 49 383 kSEK as stated.
        Shows(output, "49 383");
        // The invented tertial 2 outcomes make 11 goals red.
        Shows(output, "11 goals: green 0, yellow 0, red 11, not-measurable 0.");
        // The meeting calendar's coverage of the follow-up plan: internal control is due twice, planned once.
        Shows(output, "Internkontroll");

        // The follow-up report, built by the reporting service from the others' events only.
        Shows(output, "# Uppföljning av regionstyrelsens verksamhetsplan 2022, tertial 2 2022 (per augusti)");
        Shows(output, "Obs:** Demodata.");
        Shows(output, "Av de 56 mätbara målen var 16 gröna, 23 gula, 11 röda samt 6 som ej mätbara.");
        Shows(output, "| Summa finansiering | 4 962,7 |");
        Shows(output, "| **Total nettobudget** | **3 373,4** |");
        Shows(output, "Investeringsplanen omfattar 27 objekt för 49 383 tkr. 1 objekt för 2 000 tkr har avbrutits");
        // Every import's findings in one section: the budget table's totals and the calendar's title.
        Shows(output, "## Avvikelser i importerade underlag");
        Shows(output, "| Summa tjänstemannabudget, övriga externa omkostnader | angivet -763,0, summan av delarna -763,4");
        Shows(output, "| Summa tjänstemannabudget, avskrivningar | angivet -86,5, summan av delarna -86,2");
        Shows(output, "| Sammanträdet 27 september 2022: Delårsbokslut augusti 2021 | rubriken anger 2021, men punkten avser tertial 2 2022");
        Shows(output, "Rapporten behandlas av regionstyrelsen den 27 september 2022");
        // Issue 20: tertial 2's reports are due 14 days before the September meeting, and what is
        // missing names the invented owner of the board (demo-data/rs-2022/unit-owners.invented.yaml).
        Assert.Matches(@"tertial 2 2022 \(per augusti\)\s+.*2022-09-13\s+.*2022-09-27", output);
        Shows(output, "Exempla Styrelsesson <exempla.styrelsesson@example.se>");
        // The reminder job run as of 30 August 2022, 14 days before that deadline, mails each owner
        // one digest through the SMTP sink (an .eml file each).
        Assert.Matches(@"[1-9]\d* reminder\(s\) published for [1-9]\d* deadline\(s\) due", output);
        var digest = await MailToAsync("exempla.styrelsesson@example.se", "Påminnelse: rapportering för tertial 2 2022");
        Assert.EndsWith("senast 13 september 2022", digest.Subject);
        Assert.Equal(["demo.ersattarsson@example.se"], digest.Cc.Mailboxes.Select(m => m.Address));
        Assert.Contains("inför RSs sammanträde 27 september 2022", digest.TextBody);
        var mailsAfterFirstLoad = Directory.GetFiles(system.MailFolder, "*.eml").Length;

        // Live: an outcome recorded at the goals service turns a red goal green in the report.
        Assert.Equal((11, 16), await GoalCountsAsync(tenant));
        var recorded = await system.RegionCtlAsync(tenant, "outcome", "record", "--goal", "FRI-6", "--period", "2022-T2", "--value", "75");
        Assert.True(recorded.ExitCode == 0, recorded.Output);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        (int Red, int Green) goals;
        do
        {
            goals = await GoalCountsAsync(tenant);
            if (goals.Red == 10) break;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal((10, 17), goals);

        // Rebuild: reporting asks every source service for a snapshot, builds a new model beside the
        // live one and switches once every snapshot has arrived; the report built from the snapshots
        // equals the one built live.
        var live = await ReportJsonAsync(tenant);
        using (var http = new HttpClient { BaseAddress = system.ServiceProcesses["reporting"].HttpUrl, Timeout = TimeSpan.FromMinutes(1) })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", await system.TokenAsync(tenant));
            using var response = await http.PostAsync("/v1/admin:rebuildReadModel", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            using var announced = System.Text.Json.JsonDocument.Parse(body);
            foreach (var source in new[] { "budget", "goals", "investments", "meetings" })
                Assert.True(announced.RootElement.GetProperty("announced").GetProperty(source).GetInt32() > 0, $"{source} announced nothing: {body}");
        }
        var state = "";
        using (var http = new HttpClient { BaseAddress = system.ServiceProcesses["reporting"].HttpUrl, Timeout = TimeSpan.FromMinutes(1) })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", await system.TokenAsync(tenant));
            for (var until = DateTime.UtcNow.AddSeconds(150); DateTime.UtcNow < until && state is "" or "REBUILD_STATE_RUNNING"; await Task.Delay(500))
            {
                using var progress = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/v1/admin/readModelRebuild"));
                state = progress.RootElement.GetProperty("state").GetString()!;
            }
        }
        Assert.Equal("REBUILD_STATE_DONE", state);
        Assert.Equal(live, await ReportJsonAsync(tenant));

        // A second run changes nothing and still succeeds.
        var (again, againOutput) = await system.RunScriptAsync("load", tenant, TimeSpan.FromMinutes(6));
        Assert.True(again == 0, againOutput);
        Assert.Matches(@"Outcome lines\s+0\s+224", againOutput);
        // ... and mails no reminder a second time.
        Shows(againOutput, "0 reminder(s) published");
        Assert.Equal(mailsAfterFirstLoad, Directory.GetFiles(system.MailFolder, "*.eml").Length);
    }

    /// The digest the sink kept for this address whose subject starts so (an owner may also get one
    /// for an earlier, overdue period); the mail may land a moment after the load's listing.
    private async Task<MimeKit.MimeMessage> MailToAsync(string address, string subject)
    {
        for (var until = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(250))
        {
            foreach (var file in Directory.GetFiles(system.MailFolder, "*.eml"))
            {
                var mail = await MimeKit.MimeMessage.LoadAsync(file);
                if (mail.To.Mailboxes.Any(m => m.Address == address) && mail.Subject?.StartsWith(subject, StringComparison.Ordinal) == true) return mail;
            }
            if (DateTime.UtcNow > until) Assert.Fail($"No mail to {address} with a subject starting \"{subject}\" in {system.MailFolder}:\n{system.Logs()}");
        }
    }

    private async Task<string> ReportJsonAsync(string tenant)
    {
        var (exitCode, json) = await system.RegionCtlAsync(tenant, "report", "--period", "2022-T2", "--format", "json");
        Assert.True(exitCode == 0, json);
        return json;
    }

    /// Tertial 2's goal status counts from the report as JSON.
    private async Task<(int Red, int Green)> GoalCountsAsync(string tenant)
    {
        var (exitCode, json) = await system.RegionCtlAsync(tenant, "report", "--period", "2022-T2", "--format", "json");
        Assert.True(exitCode == 0, json);
        using var report = System.Text.Json.JsonDocument.Parse(json);
        var counts = report.RootElement.GetProperty("goals");
        return (counts.GetProperty("red").GetInt32(), counts.GetProperty("green").GetInt32());
    }

    /// Assert.Contains cuts a long output short; a failure here shows all of it.
    private static void Shows(string output, string expected)
    {
        if (!output.Contains(expected, StringComparison.Ordinal)) Assert.Fail($"The output lacks \"{expected}\":\n{output}");
    }
}
