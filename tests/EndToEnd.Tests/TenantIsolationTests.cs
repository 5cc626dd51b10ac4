using Grpc.Core;
using Region.ServiceDefaults.Auth;
using Region.TestSupport;
using BudgetApi = Region.Budget.V1;
using ReportingApi = Region.Reporting.V1;

namespace Region.EndToEnd.Tests;

/// What one region writes, another region's reader cannot see in any service; the same codes
/// written there are that region's own. The tenant is the token's, so there is no header to change it.
[Collection(RunningSystemCollection.Name)]
public sealed class TenantIsolationTests(RunningSystem system) : IDisposable
{
    private readonly List<SystemClients> _clients = [];

    [Fact]
    public async Task Data_written_in_one_tenant_is_invisible_to_a_reader_of_another()
    {
        var (a, b) = (Rpc.NewTenant(), Rpc.NewTenant());
        var admin = await ClientsAsync(a, RegionRoles.Admin);
        await admin.Budget.CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = BudgetApi.UnitLevel.Region });
        await admin.Budget.CreateUnitAsync(new() { Code = "RS", Name = "Regionstyrelsen", Level = BudgetApi.UnitLevel.Body, ParentCode = "RJH" });
        // The other services learn RS from budget's events a moment later.
        await SystemClients.Eventually(() => admin.Goals.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022, Name = "Verksamhetsplan 2022" }).ResponseAsync, "the goals plan");
        await SystemClients.Eventually(() => admin.Investments.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync, "the investment plan");
        await SystemClients.Eventually(() => admin.Meetings.CreateCalendarAsync(new() { BodyCode = "RS", Year = 2022, Name = "Sammanträden 2022" }).ResponseAsync, "the calendar");
        var deviation = new ReportingApi.GetDeviationByMonthRequest { UnitCode = "RS", Year = 2022, ThroughMonth = 8 };
        await SystemClients.Eventually(() => admin.Reporting.GetDeviationByMonthAsync(deviation).ResponseAsync, "reporting's unit");

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

    private async Task<SystemClients> ClientsAsync(string tenant, string role)
    {
        var clients = await SystemClients.ForAsync(system, tenant, role);
        _clients.Add(clients);
        return clients;
    }

    public void Dispose()
    {
        foreach (var clients in _clients) clients.Dispose();
    }
}
