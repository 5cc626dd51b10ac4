using Microsoft.EntityFrameworkCore;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Reporting.V1;

namespace Region.Reporting.Tests.Report;

/// Issue 22: a report built on figures recorded as invented (a demo's *.invented.yaml) says so,
/// naming them, every time it is rendered, as Markdown, HTML and PDF, without being asked; one on
/// real figures does not. The figures arrive as events through the broker, as from the imports.
[Collection(ChromiumCollection.Name)]
public sealed class InventedDataTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly DateTimeOffset At = new(2022, 9, 5, 9, 0, 0, TimeSpan.Zero);
    const string Note = "Målens utfall, budgetutfallen, budgetprognoserna och investeringarnas utgifter och prognoser 2022 är påhittade exempel, inte regionens egna siffror.";

    [Fact]
    public async Task A_report_on_invented_figures_names_them_in_Markdown_HTML_and_PDF()
    {
        var (tenant, _) = await PublishFiguresAsync(invented: true);
        var client = host.Client(tenant);

        var report = await client.GetReportAsync(new GetReportRequest { BodyCode = "RS", Period = "2022-T2" });
        var markdown = (await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2", Format = ReportFormat.Markdown })).Content;
        var html = (await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2", Format = ReportFormat.Html, Note = "Demodata." })).Content;
        var pdf = PrintedPdf.Read((await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2", Format = ReportFormat.Pdf })).Document.ToByteArray());

        Assert.Equal(["GoalOutcomes", "BudgetOutcomes", "BudgetForecasts", "InvestmentFigures"], report.InventedData);
        Assert.Contains($"> **Påhittade uppgifter:** {Note}", markdown);
        // The free-text note stays, after the one about invented figures.
        Assert.Contains($"<blockquote>\n<p><strong>Påhittade uppgifter:</strong> {Note}</p>\n</blockquote>\n<blockquote>\n<p><strong>Obs:</strong> Demodata.</p>", html);
        Assert.Contains($"Påhittade uppgifter: {Note}", pdf.Text);
    }

    [Fact]
    public async Task A_report_on_real_figures_has_no_invented_note()
    {
        var (tenant, _) = await PublishFiguresAsync(invented: false);
        var client = host.Client(tenant);

        var report = await client.GetReportAsync(new GetReportRequest { BodyCode = "RS", Period = "2022-T2" });
        var markdown = (await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Content;
        var html = (await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2", Format = ReportFormat.Html })).Content;

        Assert.Empty(report.InventedData);
        Assert.DoesNotContain("Påhittade", markdown);
        Assert.DoesNotContain("påhittade", html);
    }

    [Fact]
    public async Task Invented_figures_replaced_by_real_ones_are_no_longer_called_invented()
    {
        var (tenant, goalOutcome) = await PublishFiguresAsync(invented: true);
        await host.Bus.Publish(goalOutcome with { EventId = Guid.NewGuid(), Invented = false, Version = goalOutcome.Version + 1 });

        await ReportingHost.Eventually(async () =>
            !(await host.Client(tenant).GetReportAsync(new GetReportRequest { BodyCode = "RS", Period = "2022-T2" })).InventedData.Contains("GoalOutcomes"),
            "the real goal outcome replacing the invented one");
    }

    /// RS with one goal, a frame and outcome of RST, a forecast and an investment, each recorded
    /// invented or not; waits until the report has all of them. Returns the goal outcome's event too.
    async Task<(string Tenant, GoalOutcomeRecorded GoalOutcome)> PublishFiguresAsync(bool invented)
    {
        var tenant = ReportingHost.NewTenant();
        var (planId, goalId) = (Guid.NewGuid(), Guid.NewGuid());
        var bus = host.Bus;
        var period = Period.Tertial(2022, 2);
        await bus.Publish(new OrgUnitCreated(Guid.NewGuid(), tenant, At, new OrgUnitState("RS", "Regionstyrelsen", "Body", null, null, 1)));
        await bus.Publish(new OrgUnitCreated(Guid.NewGuid(), tenant, At, new OrgUnitState("RST", "Regionstaben", "Area", "RS", null, 1)));
        var target = new TargetData("Threshold", "AtMost", 5.3m, "%", null, null, [], "Högst 5,3 %");
        await bus.Publish(new GoalCreated(Guid.NewGuid(), tenant, At,
            new GoalState(goalId, planId, "RS", 2022, 1, "A1", "Medarbetare", "Goal", "Sjukfrånvaro", null, "RST", false, target, false, 1)));
        var outcome = new GoalOutcomeRecorded(Guid.NewGuid(), tenant, At, goalId, planId, period, new OutcomeValues(6.1m, null, null),
            null, null, "controller", At, 1, invented);
        await bus.Publish(outcome);
        await bus.Publish(new GoalStatusAssessed(Guid.NewGuid(), tenant, At, goalId, planId, period, "Red", "Computed", "Red", null, null, At, 1));
        var frame = new FrameState("RST", 2022, "Officials", FrameAmounts.Of(BudgetColumn.PersonnelCosts, -120_000_000),
            FrameAmounts.Of(BudgetColumn.PersonnelCosts, -120_000_000), 1);
        await bus.Publish(new BudgetFrameOpened(Guid.NewGuid(), tenant, At, frame));
        await bus.Publish(new BudgetOutcomeRecorded(Guid.NewGuid(), tenant, At, "batch-1",
            [new BudgetOutcomeLine("RST", 2022, 8, BudgetColumn.PersonnelCosts, -85_000_000)], invented));
        await bus.Publish(new BudgetForecastRecorded(Guid.NewGuid(), tenant, At, "RST", 2022, -118_000_000, null, 1, invented));
        await bus.Publish(new InvestmentObjectAdded(Guid.NewGuid(), tenant, At, new InvestmentObjectState(Guid.NewGuid(), Guid.NewGuid(), "RS", 2022, "RST",
            "Bilar", "Reinvestment", "Vehicles", 2_500_000, "Self", false, "Started", null, 1_200_000, new DateOnly(2022, 8, 31), null, null,
            "finance", At, 3, invented)));

        await ReportingHost.Eventually(async () =>
        {
            await using (var db = host.Db(tenant))
                if (await db.OrgUnits.CountAsync() < 2) return false;
            var report = await host.Client(tenant).GetReportAsync(new GetReportRequest { BodyCode = "RS", Period = "2022-T2" });
            return report.Goals.Red == 1 && report.GoalsNotAchieved.Any(g => g.HasOutcome) && report.Investments.Total.Spent == 1_200_000
                && report.Budget.Rows.Any(r => r.Outcome == -85_000_000 && r.HasForecast);
        }, "the figures in the report");
        return (tenant, outcome);
    }
}
