using Grpc.Core;
using Region.Budget.V1;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

public sealed class UnitTreeTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task CreateUnit_with_bad_input_lists_every_violation_and_writes_nothing()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await client.CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = UnitLevel.Region });
        var before = await host.RowCountsAsync(tenant);

        await InvalidArgument(() => client.CreateUnitAsync(new() { Code = "has space", Name = "", Level = UnitLevel.Unspecified }).ResponseAsync,
            "code", "name", "level");
        await InvalidArgument(() => client.CreateUnitAsync(new() { Code = "RS", Name = "Regionstyrelsen", Level = UnitLevel.Body }).ResponseAsync,
            "parent_code");

        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task Unknown_parent_is_not_found_and_a_used_code_already_exists()
    {
        var client = host.Client(NewTenant());
        await client.CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = UnitLevel.Region });
        await client.CreateUnitAsync(new() { Code = "RS", Name = "Regionstyrelsen", Level = UnitLevel.Body, ParentCode = "RJH" });

        await FailsWith(StatusCode.NotFound, () => client.CreateUnitAsync(new() { Code = "X", Name = "X", Level = UnitLevel.Area, ParentCode = "NOPE" }).ResponseAsync);
        await FailsWith(StatusCode.AlreadyExists, () => client.CreateUnitAsync(new() { Code = "RS", Name = "Again", Level = UnitLevel.Body, ParentCode = "RJH" }).ResponseAsync);
        await InvalidArgument(() => client.CreateUnitAsync(new() { Code = "X", Name = "X", Level = UnitLevel.Body, ParentCode = "RS" }).ResponseAsync, "level");
    }

    [Fact]
    public async Task Rename_close_and_list_a_subtree()
    {
        var client = host.Client(NewTenant());
        await Seed2022.CreateUnitsAsync(client);

        var renamed = await client.RenameUnitAsync(new() { Code = "VV", Name = "Vårdval och hälsoval", Etag = "1" });
        Assert.Equal(("Vårdval och hälsoval", "2"), (renamed.Name, renamed.Etag));
        await FailsWith(StatusCode.Aborted, () => client.RenameUnitAsync(new() { Code = "VV", Name = "Stale", Etag = "1" }).ResponseAsync);

        var closed = await client.CloseUnitAsync(new() { Code = "VV", FromYear = 2024, Etag = renamed.Etag });
        Assert.Equal(2024, closed.ClosedFromYear);
        var parent = await client.GetUnitAsync(new() { Code = "RS-TJM" });
        await FailsWith(StatusCode.FailedPrecondition, () => client.CloseUnitAsync(new() { Code = "RS-TJM", FromYear = 2025, Etag = parent.Etag }).ResponseAsync);

        var page1 = await client.ListUnitsAsync(new() { RootCode = "RS", PageSize = 3 });
        var page2 = await client.ListUnitsAsync(new() { RootCode = "RS", PageSize = 3, PageToken = page1.NextPageToken });
        var codes = page1.Units.Concat(page2.Units).Select(u => $"{u.Code}:{u.Depth}").ToList();
        Assert.Equal(["RS:0", "RS-FTM:1", "RS-TJM:1", "RD:2", "RST:2", "VV:2"], codes);
        Assert.Equal(6, page1.TotalSize);
        Assert.Equal("", page2.NextPageToken);
        await InvalidArgument(() => client.ListUnitsAsync(new() { PageToken = "garbage" }).ResponseAsync, "page_token");
    }

    [Fact]
    public async Task Renaming_or_closing_a_unit_needs_its_etag_and_a_stale_one_is_aborted()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await Seed2022.CreateUnitsAsync(client);
        var before = await host.RowCountsAsync(tenant);

        await InvalidArgument(() => client.RenameUnitAsync(new() { Code = "VV", Name = "Vårdval och hälsoval" }).ResponseAsync, "etag");
        await InvalidArgument(() => client.CloseUnitAsync(new() { Code = "VV", FromYear = 2024, Etag = " " }).ResponseAsync, "etag");
        await FailsWith(StatusCode.Aborted, () => client.CloseUnitAsync(new() { Code = "VV", FromYear = 2024, Etag = "2" }).ResponseAsync);

        var unit = await client.GetUnitAsync(new() { Code = "VV" });
        Assert.Equal(("Vårdval", 0), (unit.Name, unit.ClosedFromYear));
        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task A_unit_with_frames_from_the_year_on_cannot_close_and_a_closed_one_cannot_close_again()
    {
        var client = await host.SeededClientAsync(NewTenant());
        var rd = await client.GetUnitAsync(new() { Code = "RD" });
        await FailsWith(StatusCode.FailedPrecondition, () => client.CloseUnitAsync(new() { Code = "RD", FromYear = 2022, Etag = rd.Etag }).ResponseAsync);

        var closed = await client.CloseUnitAsync(new() { Code = "RD", FromYear = 2023, Etag = rd.Etag });
        Assert.Equal(2023, closed.ClosedFromYear);
        await FailsWith(StatusCode.FailedPrecondition, () => client.CloseUnitAsync(new() { Code = "RD", FromYear = 2024, Etag = closed.Etag }).ResponseAsync);
    }

    [Fact]
    public async Task One_tenant_never_sees_another_tenants_units_or_frames()
    {
        var a = host.Client(NewTenant());
        var b = host.Client(NewTenant());
        await Seed2022.CreateUnitsAsync(a);
        await a.ImportFrameTableAsync(Seed2022.Table());

        await FailsWith(StatusCode.NotFound, () => b.GetUnitAsync(new() { Code = "RS" }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => b.ListBudgetFramesAsync(new() { UnitCode = "RS", Year = 2022 }).ResponseAsync);
        Assert.Equal(0, (await b.ListUnitsAsync(new())).TotalSize);

        // The same codes can exist in both tenants, each with its own data.
        await Seed2022.CreateUnitsAsync(b);
        var framesB = await b.ListBudgetFramesAsync(new() { UnitCode = "RS", Year = 2022 });
        Assert.Equal(0, framesB.Total.Net);
        var framesA = await a.ListBudgetFramesAsync(new() { UnitCode = "RS", Year = 2022 });
        Assert.Equal(Seed2022.Sek(-1589.3m), framesA.Total.Net);
    }

    [Fact]
    public async Task A_call_without_a_tenant_is_unauthenticated()
    {
        await FailsWith(StatusCode.Unauthenticated, () => host.AnonymousClient().ListUnitsAsync(new()).ResponseAsync);
    }
}
