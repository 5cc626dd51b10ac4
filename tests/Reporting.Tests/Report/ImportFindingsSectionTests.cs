using Microsoft.EntityFrameworkCore;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.Reporting.ReadModel;

namespace Region.Reporting.Tests.Report;

/// Issue 21: every import's findings in one section of the report, the budget table's and the
/// meeting calendar's, each with its source, its item and what contradicts what.
public sealed class ImportFindingsSectionTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    const string Seed003 = "Verksamhetsplan och budget 2022 (reviderad), Regionstyrelsen, RS/425/2021";

    [Fact]
    public async Task A_calendar_import_event_is_kept_once_with_its_findings()
    {
        var tenant = ReportingHost.NewTenant();
        var finding = new CalendarFinding(new DateOnly(2022, 9, 27), "Delårsbokslut augusti 2021", "TitleYear", "2021", "2022-T2", "The title names 2021; the item covers 2022-T2.");
        var imported = new CalendarImported(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, "rs", 2022, Seed003, [finding]);

        // Live, then again as a snapshot re-announces it.
        var again = imported with { EventId = Guid.NewGuid() };
        await host.Bus.Publish(imported);
        await Applied(tenant, imported.EventId);
        await host.Bus.Publish(again);
        await Applied(tenant, again.EventId);
        await using var check = host.Db(tenant);
        var row = await check.CalendarImports.SingleAsync();
        Assert.Equal(("RS", 2022, Seed003), (row.BodyCode, row.Year, row.Source));
        Assert.Equal(finding, Assert.Single(row.Findings));
    }

    // By its own id: the inbox is not per tenant, and other classes' events reach this host's queues too.
    Task Applied(string tenant, Guid eventId) => ReportingHost.Eventually(async () =>
    {
        await using var db = host.Db(tenant);
        return await db.InboxMessages.AnyAsync(m => m.EventId == eventId);
    }, $"the announcement {eventId} to be applied");

    [Fact]
    public async Task The_report_lists_the_budget_tables_and_the_calendars_findings_in_one_section()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (db, _) =>
        {
            db.FrameTableImports.Add(new FrameTableImportRow
            {
                ImportId = Guid.NewGuid(), BodyCode = "RS", Year = 2022, Source = "Budgetramar per område", ImportedAt = DateTimeOffset.UtcNow,
                Findings = [new FrameTableFinding("Summa tjänstemannabudget", BudgetColumn.Depreciation, null, -86_500_000, -86_200_000, "The stated total is not the sum of the rows.")],
            });
            db.CalendarImports.Add(new CalendarImportRow
            {
                BodyCode = "RS", Year = 2022, Source = Seed003, ImportedAt = DateTimeOffset.UtcNow,
                Findings =
                [
                    new(new DateOnly(2022, 9, 27), "Delårsbokslut augusti 2021", "TitleYear", "2021", "2022-T2", "The title names 2021; the item covers 2022-T2."),
                    new(new DateOnly(2022, 6, 8), "Budgetdag 9 juni", "TitleDate", "9 juni", "2022-06-08", "The title says 9 juni; the meeting is held 2022-06-08."),
                ],
            });
            // Another year's calendar is not this report's.
            db.CalendarImports.Add(new CalendarImportRow { BodyCode = "RS", Year = 2021, Source = "2021", Findings = [new(new DateOnly(2021, 5, 4), "Fel", "TitleYear", "2020", "2021-T1", "")] });
        });

        var client = host.Client(tenant);
        var report = await client.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
        var markdown = (await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Content;

        Assert.Equal(["Delårsbokslut augusti 2021", "Budgetdag 9 juni"], report.CalendarFindings.Select(f => f.Item));
        Assert.Single(markdown.Split('\n'), l => l == "## Avvikelser i importerade underlag");
        Assert.Contains("Vid importen stämde 3 uppgifter inte med underlagets egna siffror eller datum.", markdown);
        Assert.Contains("| Budgetramar per område | Summa tjänstemannabudget, avskrivningar | angivet -86,5, summan av delarna -86,2 (skillnad -0,3) |", markdown);
        Assert.Contains($"| {Seed003} | Sammanträdet 27 september 2022: Delårsbokslut augusti 2021 | rubriken anger 2021, men punkten avser tertial 2 2022 (per augusti) |", markdown);
        Assert.Contains($"| {Seed003} | Sammanträdet 8 juni 2022: Budgetdag 9 juni | rubriken anger 9 juni, men sammanträdet hålls 8 juni 2022 |", markdown);
        Assert.DoesNotContain("| Fel |", markdown);
    }
}
