using Grpc.Core;
using Region.Investments.V1;
using static Region.TestSupport.Rpc;

namespace Region.Investments.Tests.Grpc;

public sealed class ObjectTests(InvestmentsHost host) : IClassFixture<InvestmentsHost>
{
    private static ObjectFields Server(long amount = 3_630_000) => new()
    {
        UnitCode = "IT", Name = "Utökad datorkraft i serverfarm", Kind = InvestmentKind.New, Category = InvestmentCategory.It,
        Amount = amount, Financing = Financing.Self,
    };

    private async Task<(InvestmentsService.InvestmentsServiceClient Client, string Tenant)> PlanAsync(string decision = "")
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022, DecisionReference = decision });
        return (client, tenant);
    }

    [Fact]
    public async Task An_object_with_every_field_wrong_gets_every_violation_and_nothing_is_written()
    {
        var (client, tenant) = await PlanAsync();
        var before = await host.RowCountsAsync(tenant);
        await InvalidArgument(() => client.AddObjectAsync(new()
            {
                BodyCode = "RS", Year = 2022,
                Object = new ObjectFields { UnitCode = "NOPE", Name = " ", Amount = -1 },
            }).ResponseAsync,
            "object.unit_code", "object.name", "object.category", "object.amount", "object.financing");
        await InvalidArgument(() => client.AddObjectAsync(new() { BodyCode = "", Year = 1900, Object = Server() }).ResponseAsync, "body_code", "year", "object.unit_code");
        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task A_retried_AddObject_with_its_request_id_returns_the_first_object_and_writes_nothing()
    {
        var (client, tenant) = await PlanAsync();
        var first = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server(), RequestId = "add-server-1" });
        var counts = await host.RowCountsAsync(tenant);

        var retried = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server(), RequestId = "add-server-1" });
        Assert.Equal((first.Id, first.Etag), (retried.Id, retried.Etag));
        Assert.Equal(counts, await host.RowCountsAsync(tenant));

        // Another request id, or none, is another object; an over-long id is a violation.
        var second = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server(), RequestId = "add-server-2" });
        var third = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server() });
        Assert.Equal(3, new[] { first.Id, second.Id, third.Id }.Distinct().Count());
        await InvalidArgument(() => client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server(), RequestId = new string('r', 101) }).ResponseAsync, "request_id");
        // Request ids are per tenant.
        var (other, _) = await PlanAsync();
        Assert.NotEqual(first.Id, (await other.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server(), RequestId = "add-server-1" })).Id);
    }

    [Fact]
    public async Task A_plan_needs_a_known_body_and_a_valid_year_and_exists_once()
    {
        var client = await host.SeededClientAsync(NewTenant());
        await InvalidArgument(() => client.CreatePlanAsync(new() { BodyCode = "XX", Year = 0, DecisionReference = new string('x', 301) }).ResponseAsync,
            "body_code", "year", "decision_reference");
        await client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 });
        await FailsWith(StatusCode.AlreadyExists, () => client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => client.GetPlanAsync(new() { BodyCode = "RS", Year = 2023 }).ResponseAsync);
    }

    [Fact]
    public async Task The_lifecycle_keeps_who_when_and_the_decision_and_refuses_illegal_steps()
    {
        var (planner, tenant) = await PlanAsync(decision: "Regionstyrelsen 10 november, § 204");
        var o = await planner.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server() });
        Assert.Equal(InvestmentStatus.Planned, o.Status);

        var error = await FailsWith(StatusCode.FailedPrecondition, () => planner.ChangeStatusAsync(new() { Id = o.Id, Etag = o.Etag, Status = InvestmentStatus.Completed }).ResponseAsync);
        Assert.Contains("Planned to Completed", error.Status.Detail);

        var board = host.Client(tenant, "ordforande");
        // No reference in the request: the plan's decision is used.
        o = await board.ChangeStatusAsync(new() { Id = o.Id, Etag = o.Etag, Status = InvestmentStatus.Decided });
        o = await host.Client(tenant, "it.chef").ChangeStatusAsync(new() { Id = o.Id, Etag = o.Etag, Status = InvestmentStatus.Started });
        await FailsWith(StatusCode.FailedPrecondition, () => planner.ChangeStatusAsync(new() { Id = o.Id, Etag = o.Etag, Status = InvestmentStatus.Decided }).ResponseAsync);

        var read = await planner.GetObjectAsync(new() { Id = o.Id });
        Assert.Equal(
            [("added", "", "test.user"), ("status Planned → Decided", "Regionstyrelsen 10 november, § 204", "ordforande"),
             ("status Decided → Started", "Regionstyrelsen 10 november, § 204", "it.chef")],
            read.History.Select(c => (c.What, c.DecisionReference, c.ChangedBy)));
        Assert.All(read.History, c => Assert.True(c.ChangedAt.ToDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Equal(("it.chef", InvestmentStatus.Started), (read.ChangedBy, read.Status));
    }

    [Fact]
    public async Task A_stale_etag_is_aborted_and_changes_nothing()
    {
        var (client, _) = await PlanAsync();
        var o = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server() });
        var updated = await client.UpdateObjectAsync(new() { Id = o.Id, Etag = o.Etag, Object = Server(4_000_000) });

        await FailsWith(StatusCode.Aborted, () => client.UpdateObjectAsync(new() { Id = o.Id, Etag = o.Etag, Object = Server(1) }).ResponseAsync);
        await FailsWith(StatusCode.Aborted, () => client.ChangeStatusAsync(new() { Id = o.Id, Etag = o.Etag, Status = InvestmentStatus.Cancelled }).ResponseAsync);
        await InvalidArgument(() => client.RecordForecastAsync(new() { Id = o.Id, Forecast = 1, AsOf = "2022-08-31" }).ResponseAsync, "etag");

        var read = await client.GetObjectAsync(new() { Id = o.Id });
        Assert.Equal((4_000_000L, updated.Etag, InvestmentStatus.Planned), (read.Amount, read.Etag, read.Status));
    }

    [Fact]
    public async Task Every_change_of_an_object_without_its_etag_is_invalid_and_changes_nothing()
    {
        var (client, tenant) = await PlanAsync("§ 204");
        var o = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server() });
        var counts = await host.RowCountsAsync(tenant);

        await InvalidArgument(() => client.UpdateObjectAsync(new() { Id = o.Id, Object = Server(4_000_000) }).ResponseAsync, "etag");
        await InvalidArgument(() => client.ChangeStatusAsync(new() { Id = o.Id, Etag = " ", Status = InvestmentStatus.Decided }).ResponseAsync, "etag");
        await InvalidArgument(() => client.RecordSpendingAsync(new() { Id = o.Id, SpentToDate = 1, AsOf = "2022-08-31" }).ResponseAsync, "etag");
        await InvalidArgument(() => client.RecordForecastAsync(new() { Id = "nope", Forecast = 1, AsOf = "2022-08-31" }).ResponseAsync, "id", "etag");

        Assert.Equal(counts, await host.RowCountsAsync(tenant));
        var read = await client.GetObjectAsync(new() { Id = o.Id });
        Assert.Equal((o.Etag, InvestmentStatus.Planned, 3_630_000L), (read.Etag, read.Status, read.Amount));
    }

    [Fact]
    public async Task Spending_and_forecast_give_spent_vs_decided_vs_forecast()
    {
        var (client, _) = await PlanAsync("§ 204");
        var server = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server() });
        var roof = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = new ObjectFields
        {
            UnitCode = "FASTIGHET", Name = "Byte av takbeläggning på sjukhuset", Category = InvestmentCategory.Property, Amount = 1_500_000, Financing = Financing.Loan,
        } });
        await FailsWith(StatusCode.FailedPrecondition, () => client.RecordSpendingAsync(new() { Id = server.Id, Etag = server.Etag, SpentToDate = 1, AsOf = "2022-04-30" }).ResponseAsync);
        server = await client.ChangeStatusAsync(new() { Id = server.Id, Etag = server.Etag, Status = InvestmentStatus.Decided });
        await InvalidArgument(() => client.RecordSpendingAsync(new() { Id = server.Id, Etag = server.Etag, SpentToDate = -1, AsOf = "2021-12-31" }).ResponseAsync,
            "spent_to_date", "as_of");
        server = await client.RecordSpendingAsync(new() { Id = server.Id, Etag = server.Etag, SpentToDate = 1_250_000, AsOf = "2022-08-31" });
        server = await client.RecordForecastAsync(new() { Id = server.Id, Etag = server.Etag, Forecast = 3_400_000, AsOf = "2022-08-31" });
        Assert.Equal((1_250_000L, "2022-08-31", true, 3_400_000L), (server.SpentToDate, server.SpentAsOf, server.HasForecast, server.Forecast));

        var plan = await client.GetPlanAsync(new() { BodyCode = "RS", Year = 2022 });
        // Decided counts only the decided server; the roof's forecast is its amount until one is recorded.
        Assert.Equal((5_130_000L, 3_630_000L, 1_250_000L, 4_900_000L), (plan.Total.Amount, plan.Total.Decided, plan.Total.SpentToDate, plan.Total.Forecast));
        Assert.Equal((3_630_000L, 1_500_000L), (plan.Total.SelfFinanced, plan.Total.LoanFinanced));

        var net = await client.GetNetInvestmentsAsync(new() { FromYear = 2021, ToYear = 2023 });
        Assert.Equal([(2021, 0L), (2022, 5_130_000L), (2023, 0L)], net.Years.Select(y => (y.Year, y.Totals.Amount)));
        _ = roof;
    }

    [Fact]
    public async Task Queries_by_unit_include_its_whole_subtree()
    {
        var (client, _) = await PlanAsync();
        await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server() });
        await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = new ObjectFields
        {
            UnitCode = "REGIONSERVICE", Name = "AMBUSS", Kind = InvestmentKind.Reinvestment, Category = InvestmentCategory.Vehicles, Amount = 5_500_000, Financing = Financing.Self,
        } });

        var division = await client.ListObjectsAsync(new() { UnitCode = "RS-TJM", Year = 2022 });
        Assert.Equal(["IT", "REGIONSERVICE"], division.Objects.Select(o => o.UnitCode));
        Assert.Equal(9_130_000L, division.Total.Amount);
        var it = await client.GetPlanAsync(new() { BodyCode = "RS", Year = 2022, UnitCode = "IT" });
        Assert.Equal((1, 3_630_000L), (it.Objects.Count, it.Total.Amount));
        Assert.Empty((await client.ListObjectsAsync(new() { UnitCode = "RD" })).Objects);
        await InvalidArgument(() => client.ListObjectsAsync(new() { UnitCode = "NOPE" }).ResponseAsync, "unit_code");
        // Net investments per year take the same subtree.
        Assert.Equal(9_130_000L, Assert.Single((await client.GetNetInvestmentsAsync(new() { UnitCode = "RS-TJM", FromYear = 2022, ToYear = 2022 })).Years).Totals.Amount);
        Assert.Equal(3_630_000L, Assert.Single((await client.GetNetInvestmentsAsync(new() { UnitCode = "IT", FromYear = 2022, ToYear = 2022 })).Years).Totals.Amount);
        Assert.Equal(0L, Assert.Single((await client.GetNetInvestmentsAsync(new() { UnitCode = "RD", FromYear = 2022, ToYear = 2022 })).Years).Totals.Amount);
    }

    [Fact]
    public async Task The_pool_for_urgent_investments_is_one_line_of_its_own()
    {
        var (client, _) = await PlanAsync();
        var pool = new ObjectFields { UnitCode = "RST", Name = "Pott för akuta investeringar", Category = InvestmentCategory.OtherEquipment, Amount = 2_000_000, Financing = Financing.Self, UrgentPool = true };
        var added = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = pool });
        Assert.True(added.UrgentPool);
        await InvalidArgument(() => client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = pool }).ResponseAsync, "object.urgent_pool");
    }

    [Fact]
    public async Task Tenants_never_see_each_other()
    {
        var (a, _) = await PlanAsync();
        var o = await a.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server() });
        var b = await host.SeededClientAsync(NewTenant());

        await FailsWith(StatusCode.NotFound, () => b.GetObjectAsync(new() { Id = o.Id }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => b.GetPlanAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => b.ChangeStatusAsync(new() { Id = o.Id, Etag = o.Etag, Status = InvestmentStatus.Cancelled }).ResponseAsync);
        Assert.Empty((await b.ListObjectsAsync(new() { UnitCode = "RS" })).Objects);
        // B can have its own RS 2022 plan.
        await b.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 });
        await FailsWith(StatusCode.Unauthenticated, () => host.AnonymousClient().GetPlanAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
    }
}
