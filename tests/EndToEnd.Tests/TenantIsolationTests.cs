using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Region.ServiceDefaults.Auth;
using Region.TestSupport;
using BudgetApi = Region.Budget.V1;
using GoalsApi = Region.Goals.V1;
using InvestmentsApi = Region.Investments.V1;
using MeetingsApi = Region.Meetings.V1;
using ReportingApi = Region.Reporting.V1;

namespace Region.EndToEnd.Tests;

/// What one region writes, another region's reader cannot see in any service; the same codes
/// written there are that region's own. The tenant is the token's, so there is no header to change it.
[Collection(RunningSystemCollection.Name)]
public sealed class TenantIsolationTests(RunningSystem system) : IDisposable
{
    private readonly List<GrpcChannel> _channels = [];

    [Fact]
    public async Task Data_written_in_one_tenant_is_invisible_to_a_reader_of_another()
    {
        var (a, b) = (Rpc.NewTenant(), Rpc.NewTenant());
        var admin = await ClientsAsync(a, RegionRoles.Admin);
        await admin.Budget.CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = BudgetApi.UnitLevel.Region });
        await admin.Budget.CreateUnitAsync(new() { Code = "RS", Name = "Regionstyrelsen", Level = BudgetApi.UnitLevel.Body, ParentCode = "RJH" });
        // The other services learn RS from budget's events a moment later.
        await Eventually(() => admin.Goals.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022, Name = "Verksamhetsplan 2022" }).ResponseAsync, "the goals plan");
        await Eventually(() => admin.Investments.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync, "the investment plan");
        await Eventually(() => admin.Meetings.CreateCalendarAsync(new() { BodyCode = "RS", Year = 2022, Name = "Sammanträden 2022" }).ResponseAsync, "the calendar");
        var deviation = new ReportingApi.GetDeviationByMonthRequest { UnitCode = "RS", Year = 2022, ThroughMonth = 8 };
        await Eventually(() => admin.Reporting.GetDeviationByMonthAsync(deviation).ResponseAsync, "reporting's unit");

        // A reader of the same tenant sees it all (so the checks below can fail).
        var readerOfA = await ClientsAsync(a, RegionRoles.Reader);
        Assert.Equal(2, (await readerOfA.Budget.ListUnitsAsync(new())).Units.Count);
        Assert.Single((await readerOfA.Goals.ListPlansAsync(new())).Plans);
        await readerOfA.Investments.GetPlanAsync(new() { BodyCode = "RS", Year = 2022 });
        Assert.Single((await readerOfA.Meetings.ListCalendarsAsync(new())).Calendars);
        await readerOfA.Reporting.GetDeviationByMonthAsync(deviation);

        var readerOfB = await ClientsAsync(b, RegionRoles.Reader);
        Assert.Empty((await readerOfB.Budget.ListUnitsAsync(new())).Units);
        await Rpc.FailsWith(StatusCode.NotFound, () => readerOfB.Budget.GetUnitAsync(new() { Code = "RS" }).ResponseAsync);
        Assert.Empty((await readerOfB.Goals.ListPlansAsync(new())).Plans);
        await Rpc.FailsWith(StatusCode.NotFound, () => readerOfB.Goals.GetPlanAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        await Rpc.FailsWith(StatusCode.NotFound, () => readerOfB.Investments.GetPlanAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        Assert.Empty((await readerOfB.Meetings.ListCalendarsAsync(new())).Calendars);
        await Rpc.FailsWith(StatusCode.NotFound, () => readerOfB.Meetings.GetCalendarAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        await Rpc.FailsWith(StatusCode.NotFound, () => readerOfB.Reporting.GetDeviationByMonthAsync(deviation).ResponseAsync);

        // B's admin writes the same codes into B, without touching A's.
        var adminOfB = await ClientsAsync(b, RegionRoles.Admin);
        await adminOfB.Budget.CreateUnitAsync(new() { Code = "RJH", Name = "Region B", Level = BudgetApi.UnitLevel.Region });
        Assert.Equal("Region B", Assert.Single((await readerOfB.Budget.ListUnitsAsync(new())).Units).Name);
        Assert.Equal("Region", (await readerOfA.Budget.GetUnitAsync(new() { Code = "RJH" })).Name);
    }

    private static async Task Eventually(Func<Task> call, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await call();
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            catch (RpcException e)
            {
                Assert.Fail($"{what}: {e.StatusCode} {e.Status.Detail}");
            }
        }
    }

    /// One client per service, calling with a token of this tenant and role.
    private async Task<Clients> ClientsAsync(string tenant, string role)
    {
        var token = await system.TokenAsync(tenant, role);
        CallInvoker To(string service)
        {
            var channel = GrpcChannel.ForAddress(system.ServiceProcesses[service].GrpcUrl);
            _channels.Add(channel);
            return channel.Intercept(m => { m.Add("authorization", "Bearer " + token); return m; });
        }
        return new(new(To("budget")), new(To("goals")), new(To("investments")), new(To("meetings")), new(To("reporting")));
    }

    private sealed record Clients(
        BudgetApi.BudgetService.BudgetServiceClient Budget,
        GoalsApi.GoalsService.GoalsServiceClient Goals,
        InvestmentsApi.InvestmentsService.InvestmentsServiceClient Investments,
        MeetingsApi.MeetingsService.MeetingsServiceClient Meetings,
        ReportingApi.ReportingService.ReportingServiceClient Reporting);

    public void Dispose()
    {
        foreach (var channel in _channels) channel.Dispose();
    }
}
