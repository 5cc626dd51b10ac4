using Grpc.Core;
using Region.Budget.V1;
using Region.ServiceDefaults.Auth;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// Unit scope with real tokens: a finance officer of Regionstaben (RST) changes RST's frames,
/// outcomes and forecasts, and nothing of its sibling areas (RD, VV) or of the units above it
/// (RS-TJM, the body RS). Reads stay open to the tenant; an admin is not limited.
public sealed class UnitScopeTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    private static FrameAmounts Personnel(decimal msek) => new() { PersonnelCosts = Seed2022.Sek(msek) };

    private BudgetService.BudgetServiceClient Finance(string tenant, string? scope, string role = RegionRoles.Finance) =>
        new(host.Invoker(tenant, [role], scope));

    private static async Task<Frame> AdjustAsync(BudgetService.BudgetServiceClient client, BudgetService.BudgetServiceClient reader, string unit)
    {
        var frame = await reader.GetFrameAsync(new() { UnitCode = unit, Year = 2022 });
        return await client.AdjustFrameAsync(new()
        {
            UnitCode = unit, Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Prioritisation, Change = Personnel(-1m), Reason = "Omprioritering",
        });
    }

    private static RecordOutcomesRequest Outcomes(string requestId, params string[] units)
    {
        var request = new RecordOutcomesRequest { RequestId = requestId };
        foreach (var unit in units)
            request.Lines.Add(new OutcomeLine { UnitCode = unit, Year = 2022, Month = 1, Column = FrameColumn.PersonnelCosts, Amount = -1_000_000 });
        return request;
    }

    [Fact]
    public async Task A_finance_officer_scoped_to_an_area_changes_that_area()
    {
        var tenant = NewTenant();
        var admin = await host.SeededClientAsync(tenant);
        var rst = Finance(tenant, "RST");

        var adjusted = await AdjustAsync(rst, rst, "rst");
        await rst.RecordForecastAsync(new() { UnitCode = "RST", Year = 2022, Net = Seed2022.Sek(-500m) });
        var recorded = await rst.RecordOutcomesAsync(Outcomes("rst-jan", "RST"));

        Assert.Equal(Seed2022.Sek(-498.3m), adjusted.Current.Net);
        Assert.Equal(1, recorded.Recorded);
        Assert.Equal(Seed2022.Sek(-500m), (await admin.GetDeviationAsync(new() { UnitCode = "RST", Year = 2022, ThroughMonth = 1 })).Total.ForecastNet);
    }

    [Fact]
    public async Task Changes_to_a_sibling_area_or_a_parent_are_denied_and_write_nothing()
    {
        var tenant = NewTenant();
        var admin = await host.SeededClientAsync(tenant);
        var rst = Finance(tenant, "RST");
        var before = await host.RowCountsAsync(tenant);
        var rd = await rst.GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });
        var ownFrame = await rst.GetFrameAsync(new() { UnitCode = "RST", Year = 2022 });

        await FailsWith(StatusCode.PermissionDenied, () => AdjustAsync(rst, admin, "VV"));
        await FailsWith(StatusCode.PermissionDenied, () => rst.OpenFrameAsync(new()
        {
            UnitCode = "RS-TJM", Year = 2022, Category = FrameCategory.Officials, Opening = Personnel(-1m),
        }).ResponseAsync);
        await FailsWith(StatusCode.PermissionDenied, () => rst.SetFinancingAsync(new()
        {
            BodyCode = "RS", Year = 2022, Amounts = new FinancingAmounts { TaxRevenue = Seed2022.Sek(1m) },
        }).ResponseAsync);
        await FailsWith(StatusCode.PermissionDenied, () => rst.RecordForecastAsync(new() { UnitCode = "VV", Year = 2022, Net = -1 }).ResponseAsync);
        // A batch is refused as a whole when one of its lines is outside the scope.
        await FailsWith(StatusCode.PermissionDenied, () => rst.RecordOutcomesAsync(Outcomes("mixed", "RST", "VV")).ResponseAsync);
        // A transfer changes both frames: the giving and the receiving unit must both be within.
        foreach (var (from, fromEtag, to, toEtag) in new[] { ("RD", rd.Etag, "RST", ownFrame.Etag), ("RST", ownFrame.Etag, "RD", rd.Etag) })
        {
            await FailsWith(StatusCode.PermissionDenied, () => rst.TransferFrameAsync(new()
            {
                FromUnitCode = from, FromEtag = fromEtag, ToUnitCode = to, ToEtag = toEtag, Year = 2022, Change = Personnel(1m), Reason = "Överföring",
            }).ResponseAsync);
        }

        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task A_batch_of_another_area_recorded_before_is_denied_not_answered_as_a_retry()
    {
        var tenant = NewTenant();
        var admin = await host.SeededClientAsync(tenant);
        await admin.RecordOutcomesAsync(Outcomes("vv-jan", "VV"));

        var e = await FailsWith(StatusCode.PermissionDenied, () => Finance(tenant, "RST").RecordOutcomesAsync(Outcomes("vv-jan", "VV")).ResponseAsync);

        Assert.Contains("RST", e.Status.Detail);
    }

    [Fact]
    public async Task A_scope_naming_a_unit_the_region_does_not_have_allows_no_change()
    {
        var tenant = NewTenant();
        await host.SeededClientAsync(tenant);
        var nowhere = Finance(tenant, "NOWHERE");

        await FailsWith(StatusCode.PermissionDenied, () => AdjustAsync(nowhere, nowhere, "RST"));
    }

    [Fact]
    public async Task Reads_are_open_to_the_tenant_and_admins_or_unscoped_officers_are_not_limited()
    {
        var tenant = NewTenant();
        await host.SeededClientAsync(tenant);

        Assert.Equal("VV", (await Finance(tenant, "RST").GetFrameAsync(new() { UnitCode = "VV", Year = 2022 })).UnitCode);
        await AdjustAsync(Finance(tenant, "RST", RegionRoles.Admin), host.Client(tenant), "VV");
        await AdjustAsync(Finance(tenant, null), host.Client(tenant), "VV");

        Assert.Equal(2, (await host.Client(tenant).ListLedgerAsync(new() { UnitCode = "VV", Year = 2022 })).Entries.Count);
    }
}
