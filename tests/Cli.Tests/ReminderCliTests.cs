extern alias reporting;
using System.Globalization;
using Region.Contracts.Periods;
using reporting::Region.Reporting.ReadModel;
using Region.ServiceDefaults.OrgUnits;

namespace Region.Cli.Tests;

/// `regionctl deadlines` over the demo calendar (demo-data/rs-2022/meetings.yaml) as the reporting
/// read model holds it after the meetings service announced it.
public sealed class ReminderCliTests(BudgetCliHost host, ReportingCliHost reporting) : IClassFixture<BudgetCliHost>, IClassFixture<ReportingCliHost>
{
    /// A tenant whose read model holds the demo calendar's meetings with the periods their items present.
    async Task<string> DemoCalendarAsync()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var file = MeetingsFile.Load(MeetingsDemoDataTests.Rs2022);
        await using var db = reporting.Db(tenant);
        db.OrgUnits.Add(new OrgUnitReplica { Code = "RS", Name = "Regionstyrelsen", Level = "Body", Version = 1 });
        foreach (var m in file.Meetings!)
        {
            var items = (m.Items ?? []).Select(i => (Item: i, Covers: Period.TryParse(i.Covers)))
                .Select(x => new AgendaItemRow(x.Item.Title!, x.Item.Role, x.Covers?.Year, x.Covers?.Kind.ToString(), x.Covers?.Number)).ToList();
            db.Meetings.Add(new MeetingRow
            {
                MeetingId = Guid.NewGuid(), BodyCode = file.Body!, Year = file.Year!.Value, Kind = m.Kind!, Title = m.Title,
                StartDate = DateOnly.ParseExact(m.Date!, "yyyy-MM-dd", CultureInfo.InvariantCulture), Items = items, Version = 1,
            });
        }
        await db.SaveChangesAsync();
        return tenant;
    }

    [Fact]
    public async Task Deadlines_of_2022_put_tertial_2_fourteen_days_before_the_September_meeting_and_list_the_year_end_as_a_finding()
    {
        var tenant = await DemoCalendarAsync();

        var run = await host.RunWithAsync(_ => reporting.Invoker(), ["deadlines", "--year", "2022", "--tenant", tenant]);

        Assert.True(run.ExitCode == 0, run.ToString());
        // "Delårsbokslut augusti" is on the agenda of 27–28 September (seed line 512).
        Assert.Matches(@"tertial 2 2022 \(per augusti\)\s+.*2022-09-13\s+.*2022-09-27\s+.*Delårsbokslut augusti", run.Out);
        Assert.Matches(@"tertial 1 2022 \(per april\)\s+.*2022-05-17\s+.*2022-05-31\s+.*Tertialrapport april", run.Out);
        // The 2022 annual accounts are presented in 2023, whose calendar is not loaded.
        Assert.Matches(@"helåret 2022\s+.*none\s+.*No meeting of RS has an agenda item presenting 2022-Y", run.Out);

        var set = await host.RunWithAsync(_ => reporting.Invoker(), ["deadlines", "set-lead-time", "--body", "RS", "--days", "10", "--tenant", tenant]);
        Assert.True(set.ExitCode == 0, set.ToString());
        var again = await host.RunWithAsync(_ => reporting.Invoker(), ["deadlines", "--year", "2022", "--body", "RS", "--tenant", tenant]);
        Assert.Matches(@"tertial 2 2022 \(per augusti\)\s+.*2022-09-17\s+", again.Out);
    }
}
