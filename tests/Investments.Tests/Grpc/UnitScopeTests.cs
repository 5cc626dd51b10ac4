using Grpc.Core;
using Region.Investments.V1;
using Region.ServiceDefaults.Auth;
using static Region.TestSupport.Rpc;

namespace Region.Investments.Tests.Grpc;

/// Unit scope with real tokens: a finance officer of the IT department (under Regionstaben, RST)
/// changes IT's investment objects, not those of its sibling FASTIGHET or of RST above it, and
/// cannot create a plan of the body RS. Reads stay open; an admin is not limited.
public sealed class UnitScopeTests(InvestmentsHost host) : IClassFixture<InvestmentsHost>
{
    private static ObjectFields Fields(string unit, string name = "Servrar") => new()
    {
        UnitCode = unit, Name = name, Kind = InvestmentKind.Reinvestment, Category = InvestmentCategory.It, Amount = 1_000_000, Financing = Financing.Self,
    };

    private InvestmentsService.InvestmentsServiceClient Officer(string tenant, string scope, string role = RegionRoles.Finance) =>
        new(host.Invoker(tenant, [role], scope));

    /// A tenant with the RS 2022 plan holding one object of IT, one of FASTIGHET and one of RST.
    private async Task<(string Tenant, InvestmentObject It, InvestmentObject Fastighet, InvestmentObject Rst)> PlanAsync()
    {
        var tenant = NewTenant();
        var admin = await host.SeededClientAsync(tenant);
        await admin.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 });
        var objects = new List<InvestmentObject>();
        foreach (var unit in new[] { "IT", "FASTIGHET", "RST" })
            objects.Add(await admin.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Fields(unit) }));
        return (tenant, objects[0], objects[1], objects[2]);
    }

    [Fact]
    public async Task A_finance_officer_scoped_to_a_department_changes_its_objects()
    {
        var (tenant, it, _, _) = await PlanAsync();
        var officer = Officer(tenant, "IT");

        var added = await officer.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Fields("it", "Nätverk") });
        var updated = await officer.UpdateObjectAsync(new() { Id = it.Id, Etag = it.Etag, Object = Fields("IT", "Servrar och lagring") });
        var decided = await officer.ChangeStatusAsync(new() { Id = updated.Id, Etag = updated.Etag, Status = InvestmentStatus.Decided, DecisionReference = "RS/1/2022" });
        var spent = await officer.RecordSpendingAsync(new() { Id = decided.Id, Etag = decided.Etag, SpentToDate = 100_000, AsOf = "2022-06-30" });
        var forecast = await officer.RecordForecastAsync(new() { Id = spent.Id, Etag = spent.Etag, Forecast = 900_000, AsOf = "2022-06-30" });

        Assert.Equal("IT", added.UnitCode);
        Assert.Equal((InvestmentStatus.Decided, 100_000L, 900_000L), (forecast.Status, forecast.SpentToDate, forecast.Forecast));
    }

    [Fact]
    public async Task Objects_of_a_sibling_or_a_parent_and_the_bodys_plan_are_denied_and_nothing_is_written()
    {
        var (tenant, it, fastighet, rst) = await PlanAsync();
        var officer = Officer(tenant, "IT");
        var before = await host.RowCountsAsync(tenant);

        await FailsWith(StatusCode.PermissionDenied, () => officer.CreatePlanAsync(new() { BodyCode = "RS", Year = 2023 }).ResponseAsync);
        await FailsWith(StatusCode.PermissionDenied, () => officer.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Fields("FASTIGHET") }).ResponseAsync);
        await FailsWith(StatusCode.PermissionDenied, () => officer.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Fields("RST") }).ResponseAsync);
        foreach (var other in new[] { fastighet, rst })
        {
            await FailsWith(StatusCode.PermissionDenied, () => officer.UpdateObjectAsync(new() { Id = other.Id, Etag = other.Etag, Object = Fields(other.UnitCode, "Annat") }).ResponseAsync);
            await FailsWith(StatusCode.PermissionDenied, () => officer.ChangeStatusAsync(new() { Id = other.Id, Etag = other.Etag, Status = InvestmentStatus.Cancelled }).ResponseAsync);
            await FailsWith(StatusCode.PermissionDenied, () => officer.RecordSpendingAsync(new() { Id = other.Id, Etag = other.Etag, SpentToDate = 1, AsOf = "2022-06-30" }).ResponseAsync);
            await FailsWith(StatusCode.PermissionDenied, () => officer.RecordForecastAsync(new() { Id = other.Id, Etag = other.Etag, Forecast = 1, AsOf = "2022-06-30" }).ResponseAsync);
        }
        // Nor may an object of its own leave the scope, or one from outside be moved into it.
        await FailsWith(StatusCode.PermissionDenied, () => officer.UpdateObjectAsync(new() { Id = it.Id, Etag = it.Etag, Object = Fields("FASTIGHET") }).ResponseAsync);
        await FailsWith(StatusCode.PermissionDenied, () => officer.UpdateObjectAsync(new() { Id = fastighet.Id, Etag = fastighet.Etag, Object = Fields("IT") }).ResponseAsync);

        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task Reads_are_open_and_an_admin_with_a_scope_is_not_limited()
    {
        var (tenant, _, fastighet, _) = await PlanAsync();

        Assert.Equal(3, (await Officer(tenant, "IT").GetPlanAsync(new() { BodyCode = "RS", Year = 2022 })).Objects.Count);
        var admin = Officer(tenant, "IT", RegionRoles.Admin);
        await admin.CreatePlanAsync(new() { BodyCode = "RS", Year = 2023 });
        var changed = await admin.UpdateObjectAsync(new() { Id = fastighet.Id, Etag = fastighet.Etag, Object = Fields("FASTIGHET", "Elfordon") });

        Assert.Equal("Elfordon", changed.Name);
    }
}
