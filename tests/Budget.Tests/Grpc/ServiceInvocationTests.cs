using Grpc.Core.Interceptors;
using Region.Budget.V1;
using Region.ServiceDefaults;
using Region.TestSupport;

namespace Region.Budget.Tests.Grpc;

/// Service-to-service calls: a plain channel without Dapr, Dapr's invocation invoker with it. The
/// invoker is pointed at the service itself (Dapr's app-id header is ignored there), so both paths
/// make a real HTTP/2 call over loopback.
public sealed class ServiceInvocationTests(BudgetOnKestrel host) : IClassFixture<BudgetOnKestrel>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_call_goes_through_with_and_without_Dapr(bool viaDapr)
    {
        var invoker = viaDapr
            ? ServiceInvocation.CreateInvoker("budget", "http://127.0.0.1:1", dapr: host.Address)
            : ServiceInvocation.CreateInvoker("budget", host.Address, dapr: null);
        var tenant = Rpc.NewTenant();
        // As reporting's rebuild does: the token and the tenant as metadata of the call.
        var token = await host.TokenAsync(tenant);
        var client = new BudgetService.BudgetServiceClient(invoker.Intercept(m =>
        {
            m.Add("x-tenant", tenant);
            m.Add("authorization", "Bearer " + token);
            return m;
        }));

        await client.CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = UnitLevel.Region });
        var units = await client.ListUnitsAsync(new());

        Assert.Equal("RJH", Assert.Single(units.Units).Code);
    }

}

/// The budget service on a real loopback port, for calls that dial an address.
public sealed class BudgetOnKestrel : BudgetHost
{
    protected override bool OnKestrel => true;
}
