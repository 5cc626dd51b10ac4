namespace Region.Cli.Tests;

/// regionctl's meetings commands against the real meetings service (in-process, real PostgreSQL).
public sealed class MeetingsCliTests(MeetingsCliHost host) : IClassFixture<MeetingsCliHost>
{
    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Import_loads_the_RS_2022_calendar_and_shows_what_its_plan_misses()
    {
        var tenant = NewTenant();

        var import = await host.RunAsync("import", MeetingsDemoDataTests.Rs2022, "--tenant", tenant);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Matches(@"Meetings\s+10\s+0", import.Out);
        Assert.Matches(@"Agenda items\s+48\s+0", import.Out);
        Assert.Matches(@"Follow-up plan areas\s+16\s+0", import.Out);
        // The seed schedules the internal control plan once, though it must be followed up twice.
        Assert.Contains("1 area(s) scheduled too seldom, 4 item(s) pointing at no area of the plan", import.Out);
        Assert.Matches(@"Internkontroll\s+twice\s+1", import.Out);
        Assert.Matches(@"2022-12-06\s+LUP-Sjukskrivningar\s+follow-up", import.Out);

        var again = await host.RunAsync("import", MeetingsDemoDataTests.Rs2022, "--tenant", tenant);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already has a calendar for 2022", again.Out);
        Assert.Matches(@"Meetings\s+0\s+10", again.Out);
    }

    [Fact]
    public async Task Import_prints_the_one_title_of_the_seed_calendar_that_contradicts_its_period_each_time()
    {
        var tenant = NewTenant();

        var import = await host.RunAsync("import", MeetingsDemoDataTests.Rs2022, "--tenant", tenant);
        var again = await host.RunAsync("import", MeetingsDemoDataTests.Rs2022, "--tenant", tenant);

        // Seed 003, line 513: "Delårsbokslut augusti 2021" at the 27–28 September 2022 meeting, covering tertial 2 2022.
        foreach (var run in new[] { import, again })
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("1 findings in Verksamhetsplan och budget 2022 (reviderad)", run.Out);
            Assert.Matches(@"2022-09-27\s+Delårsbokslut augusti 2021\s+2021\s+2022-T2", run.Out);
        }
    }

    [Fact]
    public async Task Calendar_lists_the_calendars_and_shows_one_with_its_items_and_roles()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", MeetingsDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);

        var list = await host.RunAsync("calendar", "--tenant", tenant);
        var calendar = await host.RunAsync("calendar", "--year", "2022", "--tenant", tenant);

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches(@"RS\s+2022\s+Sammanträdesplanering regionstyrelsen 2022\s+10\s+48\s+16", list.Out);
        Assert.True(calendar.ExitCode == 0, calendar.ToString());
        Assert.Matches(@"2022-05-31–06-01\s+Board meeting", calendar.Out);
        Assert.Matches(@"Tertialrapport april\s+recurring\s+Ekonomidirektör\s+2022-T1", calendar.Out);
        Assert.Contains("10 meetings, 48 items; follow-up plan: 16 areas", calendar.Out);
    }

    [Fact]
    public async Task Calendar_export_writes_an_ics_file_and_coverage_prints_the_gaps()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", MeetingsDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);
        var file = Path.Combine(Path.GetTempPath(), $"rs-{Guid.NewGuid():N}.ics");
        try
        {
            var export = await host.RunAsync("calendar", "export", "--ics", "--year", "2022", "--out", file, "--tenant", tenant);
            var toStdout = await host.RunAsync("calendar", "export", "--ics", "--year", "2022", "--tenant", tenant);

            Assert.True(export.ExitCode == 0, export.ToString());
            var ics = await File.ReadAllTextAsync(file);
            Assert.StartsWith("BEGIN:VCALENDAR", ics);
            Assert.Equal(10, ics.Split("BEGIN:VEVENT").Length - 1);
            Assert.StartsWith("BEGIN:VCALENDAR", toStdout.Out);
            Assert.Contains("Wrote ", export.Out);
        }
        finally
        {
            File.Delete(file);
        }

        var coverage = await host.RunAsync("coverage", "--year", "2022", "--tenant", tenant);
        Assert.True(coverage.ExitCode == 0, coverage.ToString());
        Assert.Matches(@"Internkontroll\s+twice\s+1", coverage.Out);
        Assert.Matches(@"2022-01-25\s+Inför uppsiktsplikt 2022\s+follow-up", coverage.Out);
    }

    [Fact]
    public async Task Calendar_feed_create_prints_an_address_that_serves_without_a_token_until_feed_revoke()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", MeetingsDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);

        var created = await host.RunAsync("calendar", "feed", "create", "--year", "2022", "--label", "Outlook, kansliet", "--tenant", tenant);

        Assert.True(created.ExitCode == 0, created.ToString());
        var address = System.Text.RegularExpressions.Regex.Match(created.Out, @"http://\S+(/v1/feeds/(?<secret>[A-Za-z0-9_-]{43})/calendar\.ics)");
        Assert.True(address.Success, created.Out);
        var id = System.Text.RegularExpressions.Regex.Match(created.Out, @"id (?<id>[0-9a-f-]{36})").Groups["id"].Value;
        using var anonymous = host.HttpClient();
        Assert.StartsWith("BEGIN:VCALENDAR", await anonymous.GetStringAsync(address.Groups[1].Value));

        var list = await host.RunAsync("calendar", "feed", "list", "--year", "2022", "--tenant", tenant);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("Outlook, kansliet", list.Out);
        Assert.Contains(id, list.Out);
        Assert.DoesNotContain(address.Groups["secret"].Value, list.Out);

        var revoked = await host.RunAsync("calendar", "feed", "revoke", id, "--tenant", tenant);
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Contains("revoked", revoked.Out);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await anonymous.GetAsync(address.Groups[1].Value)).StatusCode);
        Assert.Equal(1, (await host.RunAsync("calendar", "feed", "revoke", Guid.NewGuid().ToString(), "--tenant", tenant)).ExitCode);
    }

    [Fact]
    public async Task Usage_errors_exit_2_and_server_refusals_exit_1()
    {
        var noFormat = await host.RunAsync("calendar", "export", "--year", "2022");
        var noYear = await host.RunAsync("coverage");
        var bad = Path.Combine(Path.GetTempPath(), $"meetings-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(bad, "kind: meetings\nbody: RS\nyear: 2022\nplan:\n  - { area: Folkhälsa, frequency: often }\nmeetings:\n  - { date: 2022-02-30, kind: party, items: [ { category: recurring, title: x, area: Miljö, covers: 2022-T4 } ] }\n");
        var badFile = await host.RunAsync("import", bad);
        File.Delete(bad);
        var missing = await host.RunAsync("coverage", "--year", "2031", "--tenant", NewTenant());

        Assert.Equal((2, 2, 2, 1), (noFormat.ExitCode, noYear.ExitCode, badFile.ExitCode, missing.ExitCode));
        Assert.Contains("--ics", noFormat.Error);
        foreach (var path in new[] { "plan[0].frequency", "meetings[0].date", "meetings[0].kind", "meetings[0].items[0].area", "meetings[0].items[0].covers" })
            Assert.Contains(path, badFile.Error);
        Assert.Contains("NotFound", missing.Error);
    }
}
