using Grpc.Core;
using Region.Goals.V1;
using static Region.TestSupport.Rpc;
using static Region.Goals.Tests.Grpc.SamplePlan;

namespace Region.Goals.Tests.Grpc;

public sealed class ProgressTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    /// etag "0": nothing is recorded for the goal and period yet.
    private static RecordOutcomeRequest Outcome(string goal, string total, int tertial = 2, string etag = "0") => new()
    {
        BodyCode = "RS", Year = 2022, GoalCode = goal, Period = T(tertial), Outcome = new OutcomeValues { Total = total }, Etag = etag,
    };

    [Fact]
    public async Task Recording_again_replaces_the_outcome_keeps_the_history_and_recomputes_the_status()
    {
        var (_, client) = await host.TenantWithSamplePlanAsync();
        var first = await client.RecordOutcomeAsync(Outcome("HALSA-3", "5.2"));
        Assert.Equal(GoalStatus.Yellow, first.Status); // 4.8 / 5.2 = 92 %
        var second = await client.RecordOutcomeAsync(new RecordOutcomeRequest(Outcome("HALSA-3", "4.6")) { Outcome = new() { Total = "4.6", Women = "5.1", Men = "3.2" }, Etag = first.OutcomeEtag, Source = "Heroma" });
        Assert.Equal((GoalStatus.Green, "4.6", "5.1"), (second.Status, second.Outcome.Outcome.Total, second.Outcome.Outcome.Women));
        Assert.Equal(["4.6", "5.2"], second.OutcomeHistory.Select(o => o.Outcome.Total));
    }

    [Fact]
    public async Task A_stale_outcome_etag_is_aborted_and_writes_nothing()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        var first = await client.RecordOutcomeAsync(Outcome("HALSA-3", "5.2"));
        await client.RecordOutcomeAsync(Outcome("HALSA-3", "5.0", etag: first.OutcomeEtag));
        var before = await host.RowCountsAsync(tenant);
        await FailsWith(StatusCode.Aborted, () => client.RecordOutcomeAsync(Outcome("HALSA-3", "4.9", etag: first.OutcomeEtag)).ResponseAsync);
        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task A_change_without_an_etag_is_rejected_naming_the_etag_and_writes_nothing()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        var before = await host.RowCountsAsync(tenant);

        var outcome = await InvalidArgument(() => client.RecordOutcomeAsync(Outcome("HALSA-3", "5.2", etag: "")).ResponseAsync, "etag");
        Assert.Contains("\"0\" when nothing is recorded yet", Assert.Single(outcome).Description);
        await InvalidArgument(() => client.AssessGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-9", Period = T(2), Status = GoalStatus.Yellow, Analysis = "Pågår.", Etag = " " }).ResponseAsync, "etag");
        await InvalidArgument(() => client.SetActivityStatusAsync(new() { BodyCode = "RS", Year = 2022, ActivityCode = "HALSA-3-A1", Status = ActivityStatus.Done }).ResponseAsync, "etag");

        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task The_etag_of_nothing_recorded_is_0_and_is_stale_once_something_is()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        var followUp = await client.GetGoalFollowUpAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2) });
        var activity = (await client.GetPlanTreeAsync(new() { BodyCode = "RS", Year = 2022 })).Strategies.Single().Areas.Single().Goals
            .Single(g => g.Goal.Code == "HALSA-3").Activities.Single();
        Assert.Equal(("0", "0", "0"), (followUp.OutcomeEtag, followUp.AssessmentEtag, activity.Etag));

        await client.RecordOutcomeAsync(Outcome("HALSA-3", "5.2", etag: followUp.OutcomeEtag));
        await client.AssessGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Status = GoalStatus.Red, Analysis = "Hög korttidsfrånvaro.", Etag = followUp.AssessmentEtag });
        await client.SetActivityStatusAsync(new() { BodyCode = "RS", Year = 2022, ActivityCode = "HALSA-3-A1", Status = ActivityStatus.Ongoing, Etag = activity.Etag });
        var before = await host.RowCountsAsync(tenant);

        await FailsWith(StatusCode.Aborted, () => client.RecordOutcomeAsync(Outcome("HALSA-3", "4.9", etag: "0")).ResponseAsync);
        await FailsWith(StatusCode.Aborted, () => client.AssessGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Status = GoalStatus.Green, Analysis = "Bättre.", Etag = "0" }).ResponseAsync);
        await FailsWith(StatusCode.Aborted, () => client.SetActivityStatusAsync(new() { BodyCode = "RS", Year = 2022, ActivityCode = "HALSA-3-A1", Status = ActivityStatus.Done, Etag = "0" }).ResponseAsync);
        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task A_manual_assessment_overrides_the_rule_and_keeps_its_history()
    {
        var (_, client) = await host.TenantWithSamplePlanAsync();
        await client.RecordOutcomeAsync(Outcome("HALSA-3", "6.0"));
        var assessed = await client.AssessGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Status = GoalStatus.Yellow, Analysis = "Covid-toppen i januari; trenden är nedåtgående.", Etag = "0" });
        Assert.Equal((GoalStatus.Yellow, GoalStatus.Red, true), (assessed.Status, assessed.ComputedStatus, assessed.Manual));
        Assert.Equal("test.user", assessed.Assessment.AssessedBy);
        var again = await client.AssessGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Status = GoalStatus.Red, Analysis = "Ny bedömning.", Etag = assessed.AssessmentEtag });
        Assert.Equal(2, again.AssessmentHistory.Count);
        await FailsWith(StatusCode.Aborted, () => client.AssessGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Status = GoalStatus.Green, Analysis = "x", Etag = assessed.AssessmentEtag }).ResponseAsync);
    }

    [Fact]
    public async Task Follow_up_requests_list_every_violation()
    {
        var (_, client) = await host.TenantWithSamplePlanAsync();
        await InvalidArgument(() => client.AssessGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = new() { Year = 2022, Kind = Region.Common.V1.PeriodKind.Tertial, Number = 4 } }).ResponseAsync,
            "period.number", "status", "analysis", "etag");
        await InvalidArgument(() => client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Outcome = new() { Total = "mycket" } }).ResponseAsync,
            "period", "outcome.total", "outcome.total", "etag");
    }

    [Fact]
    public async Task Goals_by_status_unit_and_the_counts_per_period()
    {
        var (_, client) = await host.TenantWithSamplePlanAsync();
        await client.RecordOutcomeAsync(Outcome("HALSA-3", "5.6")); // red
        await client.AssessGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-9", Period = T(2), Status = GoalStatus.Yellow, Analysis = "Pågår.", Etag = "0" });
        await client.SetActivityStatusAsync(new() { BodyCode = "RS", Year = 2022, ActivityCode = "HALSA-3-A1", Status = ActivityStatus.Ongoing, Etag = "0" });

        var red = await client.ListGoalsAsync(new() { BodyCode = "RS", Year = 2022, Period = T(2), Status = GoalStatus.Red });
        Assert.Equal("HALSA-3", Assert.Single(red.Goals).Goal.Code);
        var rst = await client.ListGoalsAsync(new() { BodyCode = "RS", Year = 2022, UnitCode = "RST" });
        Assert.Equal(["HALSA-1", "HALSA-9"], rst.Goals.Select(g => g.Goal.Code).Order());

        var counts = await client.GetStatusCountsAsync(new() { BodyCode = "RS", Year = 2022, Period = T(2) });
        Assert.Equal((0, 0, 1, 1, 2), (counts.Goals.Green, counts.Goals.Yellow, counts.Goals.Red, counts.Goals.NotMeasurable, counts.Goals.Total));
        Assert.Equal((1, 1), (counts.Assignments.Yellow, counts.Assignments.Total));
        // The activity ended 2022-06-30 and is not done: delayed at the end of tertial 2, ongoing at the end of tertial 1.
        Assert.Equal(1, counts.Activities.Delayed);
        Assert.Equal(1, (await client.GetStatusCountsAsync(new() { BodyCode = "RS", Year = 2022, Period = T(1) })).Activities.Ongoing);
    }

    [Fact]
    public async Task Higher_than_2021_is_measured_against_the_2021_outcome()
    {
        var (_, client) = await host.TenantWithSamplePlanAsync();
        Assert.Equal(GoalStatus.NotMeasurable, (await client.RecordOutcomeAsync(Outcome("HALSA-1", "61"))).Status);
        await client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-1", Period = new() { Year = 2021, Kind = Region.Common.V1.PeriodKind.Year }, Outcome = new() { Total = "60" }, Etag = "0" });
        Assert.Equal(GoalStatus.Green, (await client.GetGoalFollowUpAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-1", Period = T(2) })).Status);
    }
}
