using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Reporting.V1;

namespace Region.Reporting.Tests.Report;

/// Issue 21: indicators reach the report. IndicatorOutcomeRecorded, published by the goals service,
/// is consumed into the read model, and the report lists each indicator of the body's plan with
/// its outcomes up to the report's period.
public sealed class IndicatorsTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly DateTimeOffset At = new(2022, 9, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Indicator_outcomes_of_the_plan_are_listed_oldest_first_up_to_the_report_period()
    {
        var tenant = ReportingHost.NewTenant();
        var (planId, otherPlanId, indicatorId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var bus = host.Bus;
        await bus.Publish(new OrgUnitCreated(Guid.NewGuid(), tenant, At, new OrgUnitState("RS", "Regionstyrelsen", "Body", null, null, 1)));
        await bus.Publish(new PlanCreated(Guid.NewGuid(), tenant, At, new PlanState(planId, "RS", 2022, "Verksamhetsplan 2022", null, null, 1, "Adopted", null, 90, 1), []));
        IndicatorOutcomeRecorded Outcome(Guid plan, Guid indicator, Period period, decimal value, int version = 1, string name = "Antibiotikaförskrivning per 1000 invånare") =>
            new(Guid.NewGuid(), tenant, At, indicator, plan, name, "recept", period, new OutcomeValues(value, null, null), "Strama", null, version);
        await bus.Publish(Outcome(planId, indicatorId, Period.FullYear(2021), 262m));
        await bus.Publish(Outcome(planId, indicatorId, Period.Tertial(2022, 2), 251m));
        // A correction of the same period: the newer version holds.
        await bus.Publish(Outcome(planId, indicatorId, Period.Tertial(2022, 2), 248m, version: 2));
        // After the report's period, and another body's plan: neither is in the report.
        await bus.Publish(Outcome(planId, indicatorId, Period.Tertial(2022, 3), 240m));
        await bus.Publish(Outcome(otherPlanId, Guid.NewGuid(), Period.Tertial(2022, 2), 70m, name: "Självskattad hälsa"));

        V1.Report report = null!;
        await ReportingHost.Eventually(async () =>
        {
            await using (var db = host.Db(tenant))
                if (!await db.OrgUnits.AnyAsync() || await db.IndicatorOutcomes.CountAsync() < 4) return false;
            report = await host.Client(tenant).GetReportAsync(new GetReportRequest { BodyCode = "RS", Period = "2022-T2" });
            return report.Indicators.Count == 1 && report.Indicators[0].Points.Count == 2 && report.Indicators[0].Points[1].Outcome == 248;
        }, "the indicator's outcomes in the report");
        var markdown = (await host.Client(tenant).RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Content;

        var indicator = Assert.Single(report.Indicators);
        Assert.Equal(("Antibiotikaförskrivning per 1000 invånare", "recept"), (indicator.Name, indicator.Unit));
        Assert.Equal([262.0, 248.0], indicator.Points.Select(p => p.Outcome));
        Assert.Contains("## Indikatorer", markdown);
        Assert.Contains("| Antibiotikaförskrivning per 1000 invånare | recept | 2021: 262; augusti: 248 |", markdown);
        Assert.DoesNotContain("Självskattad hälsa", markdown);
    }
}
