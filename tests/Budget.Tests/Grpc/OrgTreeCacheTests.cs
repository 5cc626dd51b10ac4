using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.V1;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// The org tree is kept between calls (OrgTreeCache): every read must still see the tree as it is
/// in the database now, whoever changed it, and only the caller's tenant's tree.
public sealed class OrgTreeCacheTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task A_created_renamed_or_closed_unit_shows_in_the_next_read()
    {
        var client = host.Client(NewTenant());
        await Seed2022.CreateUnitsAsync(client);
        Assert.Equal(6, (await client.ListUnitsAsync(new() { RootCode = "RS" })).TotalSize);

        await client.CreateUnitAsync(new() { Code = "NY", Name = "Ny enhet", Level = UnitLevel.Area, ParentCode = "RS-TJM" });
        Assert.Equal(7, (await client.ListUnitsAsync(new() { RootCode = "RS" })).TotalSize);
        Assert.Equal("RS-TJM", (await client.GetUnitAsync(new() { Code = "NY" })).ParentCode);

        var vv = await client.GetUnitAsync(new() { Code = "VV" });
        await client.RenameUnitAsync(new() { Code = "VV", Name = "Vårdval och hälsoval", Etag = vv.Etag });
        Assert.Equal("Vårdval och hälsoval", (await client.GetUnitAsync(new() { Code = "VV" })).Name);

        var ny = await client.GetUnitAsync(new() { Code = "NY" });
        await client.CloseUnitAsync(new() { Code = "NY", FromYear = 2024, Etag = ny.Etag });
        Assert.Equal(2024, (await client.GetUnitAsync(new() { Code = "NY" })).ClosedFromYear);
        Assert.Equal(2024, (await client.ListUnitsAsync(new() { RootCode = "NY" })).Units.Single().ClosedFromYear);
    }

    /// Another instance of the service on the same database changes units through the same
    /// BudgetDb code; here that write is made on a DbContext of its own, outside this host. Its
    /// commit reaches this host as the database's notification: reads show it within moments (the
    /// guarantee docs/performance.md states), and a write with the old etag is refused at once,
    /// since a write checks the etag against the database, never against the kept tree.
    [Fact]
    public async Task A_change_made_by_another_instance_makes_an_old_etag_stale_at_once_and_shows_in_reads_within_moments()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await Seed2022.CreateUnitsAsync(client);
        var before = await client.GetUnitAsync(new() { Code = "RD" });

        await using (var other = host.Db(tenant))
        {
            (await other.Units.SingleAsync(u => u.Code == "RD")).Rename("Regiondirektörens stab");
            await other.SaveChangesAsync();
        }

        await FailsWith(StatusCode.Aborted, () => client.RenameUnitAsync(new() { Code = "RD", Name = "Stale", Etag = before.Etag }).ResponseAsync);
        var after = await Notified.ReadUntilAsync(() => client.GetUnitAsync(new() { Code = "RD" }).ResponseAsync, u => u.Etag == "2");
        Assert.Equal(("Regiondirektörens stab", "2"), (after.Name, after.Etag));
    }

    /// Both tenants have the same codes and the same number of units at the same versions, so their
    /// trees' versions are equal too: only the tenant keeps them apart.
    [Fact]
    public async Task Tenants_with_the_same_codes_and_versions_each_read_their_own_tree()
    {
        var (a, b) = (host.Client(NewTenant()), host.Client(NewTenant()));
        foreach (var (client, name) in new[] { (a, "Region A"), (b, "Region B") })
            await client.CreateUnitAsync(new() { Code = "RJH", Name = name, Level = UnitLevel.Region });

        Assert.Equal("Region A", (await a.GetUnitAsync(new() { Code = "RJH" })).Name);
        Assert.Equal("Region B", (await b.GetUnitAsync(new() { Code = "RJH" })).Name);
        Assert.Equal("Region A", (await a.ListUnitsAsync(new())).Units.Single().Name);

        await a.CreateUnitAsync(new() { Code = "RS", Name = "Styrelse A", Level = UnitLevel.Body, ParentCode = "RJH" });
        await FailsWith(StatusCode.NotFound, () => b.GetUnitAsync(new() { Code = "RS" }).ResponseAsync);
        Assert.Single((await b.ListUnitsAsync(new())).Units);
    }

    [Fact]
    public async Task A_stale_rename_changes_no_later_read()
    {
        var client = host.Client(NewTenant());
        await Seed2022.CreateUnitsAsync(client);
        var vv = await client.GetUnitAsync(new() { Code = "VV" });
        await client.RenameUnitAsync(new() { Code = "VV", Name = "Vårdval 2", Etag = vv.Etag });

        await FailsWith(StatusCode.Aborted, () => client.RenameUnitAsync(new() { Code = "VV", Name = "Lost", Etag = vv.Etag }).ResponseAsync);
        await InvalidArgument(() => client.RenameUnitAsync(new() { Code = "VV", Name = "", Etag = "2" }).ResponseAsync, "name");

        var read = await client.GetUnitAsync(new() { Code = "VV" });
        Assert.Equal(("Vårdval 2", "2"), (read.Name, read.Etag));
    }
}
