namespace Region.Cli.Tests;

/// `regionctl audit` against the real meetings service (in-process, real PostgreSQL): the trail
/// of what the import wrote, filtered, limited, and refused when the options make no sense.
public sealed class AuditCliTests(MeetingsCliHost host) : IClassFixture<MeetingsCliHost>
{
    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Audit_prints_who_changed_which_object_through_which_call()
    {
        var tenant = NewTenant();
        Assert.Equal(0, (await host.RunAsync("import", MeetingsDemoDataTests.Rs2022, "--tenant", tenant)).ExitCode);

        var calendars = await host.RunAsync("audit", "meetings", "--object", "MeetingCalendar", "--tenant", tenant);
        var two = await host.RunAsync("audit", "meetings", "--object", "Meeting", "--limit", "2", "--tenant", tenant);
        var nobody = await host.RunAsync("audit", "meetings", "--user", "nobody.at.all", "--tenant", tenant);
        var later = await host.RunAsync("audit", "meetings", "--since", DateTimeOffset.UtcNow.AddHours(1).ToString("O"), "--tenant", tenant);

        Assert.True(calendars.ExitCode == 0, calendars.ToString());
        Assert.Matches(@"test\.user \(test-[0-9a-f]+\)\s+ImportCalendar\s+MeetingCalendar\s.*added", calendars.Out);
        Assert.Contains("Name: \"Sammanträdesplanering", calendars.Out);
        Assert.Contains("Year: 2022", calendars.Out);
        Assert.Contains("BodyCode: \"RS\"", calendars.Out);
        Assert.Equal(2, two.Out.Split('\n').Count(l => l.Contains(" Meeting ") && l.Contains("added")));
        Assert.Contains("No audit entries.", nobody.Out);
        Assert.Contains("No audit entries.", later.Out);
    }

    [Fact]
    public async Task Audit_refuses_a_bad_time_and_an_unknown_service_before_calling()
    {
        var badTime = await host.RunAsync("audit", "meetings", "--since", "yesterday-ish");
        var badService = await host.RunAsync("audit", "payroll");

        Assert.Equal(2, badTime.ExitCode);
        Assert.Contains("--since: not a time", badTime.Error);
        Assert.Equal(2, badService.ExitCode);
    }
}
