using System.Text.Json;
using Region.Contracts.Periods;
using Region.Reporting.ReadModel;
using Region.Reporting.V1;
using Region.ServiceDefaults.OrgUnits;

namespace Region.Reporting.Tests.Report;

/// Seed 000 (the September 2023 follow-up of the board's plan): 20 assignments from the council
/// and 58 measurable goals, with their colours per April and August, and 63 activities. The
/// statuses are recorded one by one; the report must count them back to the seed's figures.
public sealed class Seed000ReportTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly Period April = Period.Tertial(2023, 1);
    static readonly Period August = Period.Tertial(2023, 2);

    /// Colours in seed order: (green, yellow, red, not measurable).
    static IEnumerable<string> Statuses(int green, int yellow, int red, int notMeasurable) =>
        Enumerable.Repeat("Green", green).Concat(Enumerable.Repeat("Yellow", yellow))
            .Concat(Enumerable.Repeat("Red", red)).Concat(Enumerable.Repeat("NotMeasurable", notMeasurable));

    async Task<string> SeedAsync()
    {
        var tenant = ReportingHost.NewTenant();
        await using var db = host.Db(tenant);
        db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = "RJH", Name = "Region Jämtland Härjedalen", Level = "Region", Version = 1 });
        db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = "RS", Name = "Regionstyrelsen", Level = "Body", ParentCode = "RJH", Version = 1 });
        db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = "RST", Name = "Regionstaben", Level = "Area", ParentCode = "RS", Version = 1 });
        var planId = Guid.NewGuid();
        db.Plans.Add(new PlanRow { PlanId = planId, BodyCode = "RS", Year = 2023, Name = "Regionstyrelsens verksamhetsplan 2023", CaseNumber = "RS/341/2022", Revision = 2, Version = 3 });

        void Goals(string kind, IEnumerable<string> april, IEnumerable<string> august)
        {
            var pairs = april.Zip(august).ToList();
            for (var i = 0; i < pairs.Count; i++)
            {
                var goalId = Guid.NewGuid();
                db.Goals.Add(new GoalRow
                {
                    GoalId = goalId, PlanId = planId, BodyCode = "RS", Year = 2023, Kind = kind, Name = $"{kind} {i + 1:00}",
                    ResponsibleUnitCode = "RST", IsFinancialGoal = kind == "Goal" && i == 0, TargetText = "Minst 70 %", Version = 1,
                });
                // One not-measurable goal has no status at all in August: no outcome counts as not measurable.
                if (pairs[i].First is { } a) db.GoalPeriods.Add(Status(goalId, April, a, "Computed", null, 1));
                if (!(kind == "Goal" && i == pairs.Count - 1))
                    db.GoalPeriods.Add(Status(goalId, August, pairs[i].Second, pairs[i].Second == "Red" ? "Manual" : "Computed",
                        pairs[i].Second == "Red" ? "Kostnadsutvecklingen drivs av inflationen." : null, 2));
                if (kind == "Goal" && i < 63) ActivityFor(goalId, i);
            }
        }

        // Activities in early September 2023: 20 planned, 33 ongoing, 2 delayed, 8 done.
        var activityStatuses = Enumerable.Repeat("Planned", 20).Concat(Enumerable.Repeat("Ongoing", 33))
            .Concat(Enumerable.Repeat("Delayed", 2)).Concat(Enumerable.Repeat("Done", 8)).ToList();
        var activity = 0;
        void ActivityFor(Guid goalId, int index)
        {
            // 63 activities over 58 goals: the first five goals get two.
            foreach (var _ in Enumerable.Range(0, index < 5 ? 2 : 1))
            {
                var status = activityStatuses[activity++];
                db.Activities.Add(new ActivityRow
                {
                    ActivityId = Guid.NewGuid(), GoalId = goalId, PlanId = planId, Name = $"Aktivitet {activity}", Status = status,
                    EndDate = status == "Delayed" ? new DateOnly(2023, 6, 30) : new DateOnly(2023, 12, 31), Version = 1,
                });
            }
        }

        // Assignments: April 18 yellow, 2 red; August 2 green, 15 yellow, 3 red.
        Goals("Assignment", Statuses(0, 18, 2, 0), Statuses(2, 15, 3, 0));
        // Goals: April 10 green, 28 yellow, 17 red, 3 not measurable; August 15, 26, 15, 2. The
        // order differs between the periods, as goals change colour.
        Goals("Goal", Statuses(10, 28, 17, 3), Statuses(15, 26, 15, 2));
        await db.SaveChangesAsync();
        Assert.Equal(63, activity);
        return tenant;
    }

    [Fact]
    public async Task The_August_report_counts_the_seeds_colours_and_their_change_since_April()
    {
        var tenant = await SeedAsync();
        var report = await host.Client(tenant).GetReportAsync(new GetReportRequest { BodyCode = "RS", Period = "2023-T2" });

        Assert.Equal((20, 2, 15, 3, 0), Tuple(report.Assignments));
        Assert.Equal((20, 0, 18, 2, 0), Tuple(report.PreviousAssignments));
        Assert.Equal((58, 15, 26, 15, 2), Tuple(report.Goals));
        Assert.Equal((58, 10, 28, 17, 3), Tuple(report.PreviousGoals));
        Assert.Equal((63, 20, 33, 2, 8), (report.Activities.Total, report.Activities.Planned, report.Activities.Ongoing, report.Activities.Delayed, report.Activities.Done));
        Assert.Equal("2023-T1", report.PreviousPeriod);

        Assert.Contains("Av regionstyrelsens 20 uppdrag var 2 gröna, 15 gula och 3 röda.", report.Summary);
        Assert.Contains("Av de 58 mätbara målen var 15 gröna, 26 gula, 15 röda samt 2 som ej mätbara.", report.Summary);
        Assert.Contains("Jämfört med april är 5 fler mål gröna, 2 färre gula och 2 färre röda.", report.Summary);
        Assert.Contains("Regionstyrelsens mål har brutits ner till 63 aktiviteter. Av dessa är 20 planerade, 33 pågående enligt plan, 2 försenade och 8 genomförda.", report.Summary);

        // Every red and yellow goal and assignment is listed, red first, with the analysis of a manual assessment.
        Assert.Equal(3 + 15 + 15 + 26, report.GoalsNotAchieved.Count);
        Assert.All(report.GoalsNotAchieved.TakeWhile(g => g.Status == "Red"), g => Assert.Equal("Kostnadsutvecklingen drivs av inflationen.", g.Analysis));
        Assert.Equal(2, report.DelayedActivities.Count);
        // The area table counts goals as the summary does (the assignments are counted apart).
        var area = Assert.Single(report.Areas);
        Assert.Equal(("RST", 15, 15), (area.UnitCode, area.Goals.Green, area.Goals.Red));
    }

    [Fact]
    public async Task The_April_report_reproduces_the_seeds_April_sentences()
    {
        var tenant = await SeedAsync();
        var report = await host.Client(tenant).GetReportAsync(new GetReportRequest { BodyCode = "RS", Period = "2023-T1" });

        Assert.Contains("Av regionstyrelsens 20 uppdrag var 18 gula och 2 röda.", report.Summary);
        Assert.Contains("Av de 58 mätbara målen var 10 gröna, 28 gula, 17 röda samt 3 som ej mätbara.", report.Summary);
    }

    [Fact]
    public async Task The_report_renders_as_Swedish_Markdown_and_HTML_and_as_JSON()
    {
        var tenant = await SeedAsync();
        var client = host.Client(tenant);
        var markdown = await client.RenderReportAsync(new RenderReportRequest { BodyCode = "RS", Period = "2023-T2", Format = ReportFormat.Markdown });
        var html = await client.RenderReportAsync(new RenderReportRequest { BodyCode = "RS", Period = "2023-T2", Format = ReportFormat.Html });

        Assert.Equal("Uppföljning av regionstyrelsens verksamhetsplan 2023, tertial 2 2023 (per augusti)", markdown.Title);
        Assert.StartsWith("# Uppföljning av regionstyrelsens verksamhetsplan 2023", markdown.Content);
        Assert.Contains("Av de 58 mätbara målen var 15 gröna, 26 gula, 15 röda samt 2 som ej mätbara.", markdown.Content);
        Assert.Contains("| Mål, augusti | 58 | 15 | 26 | 15 | 2 |", markdown.Content);
        Assert.Contains("## Mål som inte uppnåtts", markdown.Content);
        Assert.Contains("<h2>Måluppfyllelse</h2>", html.Content);
        Assert.Contains("<table>", html.Content);
        Assert.Contains(">58</td>", html.Content);
        Assert.Contains("Av de 58 mätbara målen var 15 gröna, 26 gula, 15 röda samt 2 som ej mätbara.", html.Content);

        var noted = await client.RenderReportAsync(new RenderReportRequest { BodyCode = "RS", Period = "2023-T2", Format = ReportFormat.Html, Note = "Utfallen är <b>påhittade</b>." });
        // Printed as typed: the tags are text, not markup.
        Assert.Contains("<blockquote>\n<p><strong>Obs:</strong> Utfallen är &lt;b&gt;påhittade&lt;/b&gt;.</p>\n</blockquote>", noted.Content);
        Assert.DoesNotContain("Obs:", html.Content);
        var tooLong = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => client.RenderReportAsync(new RenderReportRequest { BodyCode = "RS", Period = "2023-T2", Note = new string('x', 501) }).ResponseAsync);
        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, tooLong.StatusCode);

        using var http = host.HttpClient(tenant);
        // Building the reports above was measured (operations watch this in Prometheus or over OTLP).
        Assert.Contains("region_report_build_time", await http.GetStringAsync("/metrics"));
        using var json = JsonDocument.Parse(await http.GetStringAsync("/v1/bodies/RS/reports/2023-T2"));
        Assert.Equal(58, json.RootElement.GetProperty("goals").GetProperty("total").GetInt32());
        Assert.Equal(15, json.RootElement.GetProperty("goals").GetProperty("green").GetInt32());
    }

    [Fact]
    public async Task The_report_prints_as_a_tagged_A4_PDF_with_an_outline_and_the_seeds_counts_sentence()
    {
        var tenant = await SeedAsync();

        var rendered = await host.Client(tenant).RenderReportAsync(new RenderReportRequest { BodyCode = "RS", Period = "2023-T2", Format = ReportFormat.Pdf, Note = "Testdata." });

        Assert.Equal(ReportFormat.Pdf, rendered.Format);
        Assert.Equal("", rendered.Content);
        var pdf = PrintedPdf.Read(rendered.Document.ToByteArray());
        Assert.Contains("Av de 58 mätbara målen var 15 gröna, 26 gula, 15 röda samt 2 som ej mätbara.", pdf.Text);
        Assert.Contains("Jämfört med april är 5 fler mål gröna, 2 färre gula och 2 färre röda.", pdf.Text);
        Assert.Contains("Obs: Testdata.", pdf.Text);
        Assert.True(pdf.AllA4, string.Join(", ", pdf.Pages));
        Assert.True(pdf.Pages.Count > 2);
        Assert.Equal("sv", pdf.Language);
        Assert.True(pdf.Tagged, "no structure tree");
        Assert.Contains("Sammanfattning", pdf.Outline);
        Assert.Contains("Mål som inte uppnåtts", pdf.Outline);
    }

    [Fact]
    public async Task Bad_requests_list_every_violation_and_tenants_stay_apart()
    {
        var tenant = await SeedAsync();
        var error = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() =>
            host.Client(tenant).GetReportAsync(new GetReportRequest { BodyCode = "", Period = "2023-T9" }).ResponseAsync);
        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("body_code", error.Status.Detail);
        Assert.Contains("period", error.Status.Detail);

        // Another region with a body of the same code sees none of this one's goals.
        var otherTenant = ReportingHost.NewTenant();
        await using (var db = host.Db(otherTenant))
        {
            db.OrgUnits.Add(new OrgUnitReplica { Tenant = otherTenant, Code = "RS", Name = "Regionstyrelsen", Level = "Body", Version = 1 });
            await db.SaveChangesAsync();
        }
        var other = await host.Client(otherTenant).GetReportAsync(new GetReportRequest { BodyCode = "RS", Period = "2023-T2" });
        Assert.Equal(0, other.Goals.Total);
        Assert.Empty(other.Summary);
    }

    /// A goal's assessed status for a period, as the goals service's GoalStatusAssessed leaves it.
    static GoalPeriodRow Status(Guid goalId, Period period, string status, string basis, string? analysis, int version)
    {
        var row = GoalPeriodRow.For(goalId, period);
        (row.Status, row.Basis, row.Analysis, row.StatusVersion) = (status, basis, analysis, version);
        return row;
    }

    static (int, int, int, int, int) Tuple(StatusCounts c) => (c.Total, c.Green, c.Yellow, c.Red, c.NotMeasurable);
}
