using Grpc.Core;
using Region.Investments.V1;
using static Region.TestSupport.Rpc;
using static Region.TestSupport.RpcTables;

namespace Region.Investments.Tests.Grpc;

/// Calls that race are answered as if they had come one after the other: the database decides,
/// the caller hears a message for people, never a constraint's name.
public sealed class ConcurrencyTests(InvestmentsHost host) : IClassFixture<InvestmentsHost>
{
    private static ObjectFields Server(long amount = 3_630_000) => new()
    {
        UnitCode = "IT", Name = "Serverhall", Kind = InvestmentKind.New, Category = InvestmentCategory.It, Amount = amount, Financing = Financing.Self,
    };

    [Fact]
    public async Task Retries_sent_at_once_with_one_request_id_add_one_object_and_all_get_it()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 });

        var (answers, failures) = await AtOnceAsync(8, _ => client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server(), RequestId = "add-1" }).ResponseAsync);

        Assert.Empty(failures);
        Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Equal("plans=1, objects=1, changes=1", await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task A_request_id_reused_with_other_values_is_refused_and_writes_nothing()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 });
        var first = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server(), RequestId = "add-1" });

        // The same values in another spelling are the same request.
        var again = await client.AddObjectAsync(new() { BodyCode = "rs", Year = 2022, Object = new ObjectFields(Server()) { UnitCode = "it", Name = " Serverhall " }, RequestId = "add-1" });
        var changed = await FailsWith(StatusCode.FailedPrecondition,
            () => client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server(4_000_000), RequestId = "add-1" }).ResponseAsync);

        Assert.Equal(first.Id, again.Id);
        Assert.Contains("'add-1' already added 'Serverhall' with other values", changed.Status.Detail);
        Assert.Equal("plans=1, objects=1, changes=1", await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task Plans_created_at_once_make_one_plan_and_the_others_hear_it_already_exists()
    {
        var client = await host.SeededClientAsync(NewTenant());

        var (answers, failures) = await AtOnceAsync(6, _ => client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);

        Assert.Single(answers);
        Assert.All(failures, e => Assert.Equal((StatusCode.AlreadyExists, "RS already has an investment plan for 2022."), (e.StatusCode, e.Status.Detail)));
    }

    [Fact]
    public async Task Two_pools_for_urgent_investments_added_at_once_leave_one()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 });

        var (answers, failures) = await AtOnceAsync(6, i => client.AddObjectAsync(new()
        {
            BodyCode = "RS", Year = 2022, Object = new ObjectFields(Server()) { Name = $"Pott {i}", UrgentPool = true },
        }).ResponseAsync);

        Assert.Single(answers);
        Assert.All(failures, e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.Equal("plans=1, objects=1, changes=1", await host.RowCountsAsync(tenant));
    }
}
