using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Goals.V1;
using Region.TestSupport;
using static Region.Goals.Tests.Grpc.SamplePlan;

namespace Region.Goals.Tests.Grpc;

/// Calls that race: the database settles them, and every loser hears a deliberate answer in words
/// (never a constraint name, never UNKNOWN), with exactly one winner's rows written.
public sealed class ConcurrencyTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    private const int Racers = 8;

    private static void AllLost(IEnumerable<RpcException> failures, StatusCode code) =>
        Assert.All(failures, e =>
        {
            Assert.Equal(code, e.StatusCode);
            Assert.DoesNotContain("IX_", e.Status.Detail);
        });

    [Fact]
    public async Task Plans_created_at_once_for_one_body_in_any_case_give_one_plan_and_ALREADY_EXISTS_for_the_rest()
    {
        var tenant = Rpc.NewTenant();
        var client = host.Client(tenant);
        string[] spellings = ["ks", "KS", "Ks", " kS "];

        var (plans, failures) = await RpcTables.AtOnceAsync(Racers, i =>
            client.CreatePlanAsync(new() { BodyCode = spellings[i % spellings.Length], Year = 2023, Name = $"Plan {i}" }).ResponseAsync);

        Assert.Equal("KS", Assert.Single(plans).BodyCode);
        Assert.Equal(Racers - 1, failures.Count);
        AllLost(failures, StatusCode.AlreadyExists);
        await using var db = host.Db(tenant);
        Assert.Equal(1, await db.Plans.CountAsync());
    }

    [Fact]
    public async Task Imports_of_one_plan_at_once_give_one_plan_and_ALREADY_EXISTS_for_the_rest()
    {
        var tenant = Rpc.NewTenant();
        await host.AddUnitsAsync(tenant, "RS", "RST");
        var client = host.Client(tenant);

        var (plans, failures) = await RpcTables.AtOnceAsync(4, i =>
        {
            var request = Request();
            request.BodyCode = i % 2 == 0 ? "rs" : "RS";
            return client.ImportPlanAsync(request).ResponseAsync;
        });

        Assert.Single(plans);
        AllLost(failures, StatusCode.AlreadyExists);
        Assert.StartsWith("plans=1, revisions=1,", await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task Outcomes_recorded_at_once_against_one_etag_keep_one_and_ABORT_the_rest()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();

        var (recorded, failures) = await RpcTables.AtOnceAsync(Racers, i => client.RecordOutcomeAsync(new()
        {
            BodyCode = "rs", Year = 2022, GoalCode = "halsa-3", Period = T(2), Outcome = new() { Total = $"4.{i}" }, Etag = "0",
        }).ResponseAsync);

        var winner = Assert.Single(recorded);
        AllLost(failures, StatusCode.Aborted);
        var followUp = await client.GetGoalFollowUpAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2) });
        Assert.Equal((winner.Outcome.Outcome.Total, 1), (followUp.Outcome.Outcome.Total, followUp.OutcomeHistory.Count));
    }

    [Fact]
    public async Task Assessments_at_once_against_one_etag_keep_one_and_ABORT_the_rest()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();

        var (assessed, failures) = await RpcTables.AtOnceAsync(Racers, i => client.AssessGoalAsync(new()
        {
            BodyCode = "RS", Year = 2022, GoalCode = "HALSA-9", Period = T(2), Status = GoalStatus.Yellow, Analysis = $"Bedömning {i}.", Etag = "0",
        }).ResponseAsync);

        Assert.Single(assessed);
        AllLost(failures, StatusCode.Aborted);
        await using var db = host.Db(tenant);
        Assert.Equal(1, await db.Assessments.CountAsync());
    }

    [Fact]
    public async Task Draft_edits_at_once_against_one_etag_keep_one_and_ABORT_the_rest()
    {
        var tenant = Rpc.NewTenant();
        await host.AddUnitsAsync(tenant, "RS", "RST");
        var client = host.Client(tenant);
        var draft = await client.ImportPlanAsync(Request(adopt: false));

        var (edited, failures) = await RpcTables.AtOnceAsync(Racers, i => client.UpsertStrategyAsync(new()
        {
            BodyCode = "RS", Year = 2022, Etag = draft.Etag, Strategy = new() { Code = $"s-{i}", Name = $"Strategi {i}" },
        }).ResponseAsync);

        Assert.Single(edited);
        AllLost(failures, StatusCode.Aborted);
        var tree = await client.GetPlanTreeAsync(new() { BodyCode = "RS", Year = 2022 });
        Assert.Equal(2, tree.Strategies.Count(s => s.Strategy.Code != ""));
    }
}
