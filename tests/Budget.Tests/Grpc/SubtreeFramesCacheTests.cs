using Microsoft.EntityFrameworkCore;
using Region.Budget.V1;
using static Region.TestSupport.Rpc;
using FrameAmounts = Region.Budget.V1.FrameAmounts;

namespace Region.Budget.Tests.Grpc;

/// Frames by division are kept between calls (SubtreeFramesCache): every listing must still show
/// the frames and units as they are in the database now, whoever changed them, and only the
/// caller's tenant's.
public sealed class SubtreeFramesCacheTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    private static ListBudgetFramesRequest Division => new() { UnitCode = "RS-TJM", Year = 2022 };

    [Fact]
    public async Task An_adjustment_a_transfer_a_new_frame_and_a_rename_show_in_the_next_listing()
    {
        var client = await host.SeededClientAsync(NewTenant());
        var first = await client.ListBudgetFramesAsync(Division);

        var vv = await client.GetFrameAsync(new() { UnitCode = "VV", Year = 2022 });
        await client.AdjustFrameAsync(new() { UnitCode = "VV", Year = 2022, Etag = vv.Etag, Kind = AdjustmentKind.Prioritisation, Change = Net(-5), Reason = "Prioritering" });
        var adjusted = await client.ListBudgetFramesAsync(Division);
        Assert.Equal(Current(first, "VV") - 5, Current(adjusted, "VV"));
        Assert.Equal(first.Total.Net - 5, adjusted.Total.Net);
        Assert.Equal(1, Row(adjusted, "VV").Frame.LedgerEntries);

        vv = await client.GetFrameAsync(new() { UnitCode = "VV", Year = 2022 });
        var rd = await client.GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });
        await client.TransferFrameAsync(new() { FromUnitCode = "VV", ToUnitCode = "RD", Year = 2022, FromEtag = vv.Etag, ToEtag = rd.Etag, Change = Net(-7), Reason = "Omdisponering" });
        var transferred = await client.ListBudgetFramesAsync(Division);
        Assert.Equal(Current(adjusted, "VV") + 7, Current(transferred, "VV"));
        Assert.Equal(Current(adjusted, "RD") - 7, Current(transferred, "RD"));

        await client.CreateUnitAsync(new() { Code = "NY", Name = "Ny enhet", Level = UnitLevel.Area, ParentCode = "RS-TJM" });
        Assert.Null(Row(await client.ListBudgetFramesAsync(Division), "NY").Frame);
        await client.OpenFrameAsync(new() { UnitCode = "NY", Year = 2022, Category = FrameCategory.Officials, Opening = Net(-11) });
        var opened = await client.ListBudgetFramesAsync(Division);
        Assert.Equal(-11, Current(opened, "NY"));
        Assert.Equal(transferred.Total.Net - 11, opened.Total.Net);

        var unit = await client.GetUnitAsync(new() { Code = "RD" });
        await client.RenameUnitAsync(new() { Code = "RD", Name = "Regiondirektörens stab", Etag = unit.Etag });
        Assert.Equal("Regiondirektörens stab", Row(await client.ListBudgetFramesAsync(Division), "RD").Unit.Name);
        Assert.Equal("Regiondirektörens stab", await StreamedNameAsync(client, "RD"));
    }

    /// Another instance of the service writes through the same BudgetDb code; here on a DbContext
    /// of its own, outside this host. Its commit reaches this host as the database's notification:
    /// listings and GetFrame show it within moments.
    [Fact]
    public async Task An_adjustment_made_by_another_instance_shows_in_listings_and_frames_within_moments()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var before = await client.ListBudgetFramesAsync(Division);
        Assert.Equal(Current(before, "VV"), (await client.GetFrameAsync(new() { UnitCode = "VV", Year = 2022 })).Current.Net);

        await using (var other = host.Db(tenant))
        {
            var vv = await other.Units.SingleAsync(u => u.Code == "VV");
            var frame = await other.Frames.Include(f => f.Entries).SingleAsync(f => f.UnitId == vv.Id && f.Year == 2022);
            other.Ledger.Add(frame.Adjust(Region.Budget.Domain.AdjustmentKind.Other, new Contracts.Budget.FrameAmounts(0, 0, 0, 0, -3, 0, 0), "Från en annan instans", null, "other.user", DateTimeOffset.UtcNow));
            await other.SaveChangesAsync();
        }

        var after = await Notified.ReadUntilAsync(() => client.ListBudgetFramesAsync(Division).ResponseAsync, l => Current(l, "VV") != Current(before, "VV"));
        Assert.Equal(Current(before, "VV") - 3, Current(after, "VV"));
        Assert.Equal(before.Total.Net - 3, after.Total.Net);
        Assert.Equal(Current(after, "VV"), (await client.GetFrameAsync(new() { UnitCode = "VV", Year = 2022 })).Current.Net);
    }

    /// Both tenants have the same units and frames at the same versions, so the versions the kept
    /// listings are checked against are equal too: only the tenant keeps them apart.
    [Fact]
    public async Task Tenants_with_the_same_codes_and_versions_each_list_their_own_frames()
    {
        var (a, b) = (await host.SeededClientAsync(NewTenant()), await host.SeededClientAsync(NewTenant()));
        foreach (var (client, change) in new[] { (a, -1L), (b, -2L) })
        {
            var vv = await client.GetFrameAsync(new() { UnitCode = "VV", Year = 2022 });
            await client.AdjustFrameAsync(new() { UnitCode = "VV", Year = 2022, Etag = vv.Etag, Kind = AdjustmentKind.Other, Change = Net(change), Reason = "Olika per region" });
        }

        var listedA = await a.ListBudgetFramesAsync(Division);
        var listedB = await b.ListBudgetFramesAsync(Division);
        Assert.Equal(Current(listedA, "VV") - 1, Current(listedB, "VV"));
        Assert.Equal(listedA.Total.Net - 1, listedB.Total.Net);
        Assert.Equal(Current(listedA, "VV"), (await a.ListBudgetFramesAsync(Division)).Units.Single(u => u.Unit.Code == "VV").Frame.Current.Net);
    }

    private static FrameAmounts Net(long sek) => new() { OtherExternalCosts = sek, Net = sek };

    private static UnitFrame Row(ListBudgetFramesResponse listing, string code) => listing.Units.Single(u => u.Unit.Code == code);

    private static long Current(ListBudgetFramesResponse listing, string code) => Row(listing, code).Frame.Current.Net;

    private static async Task<string> StreamedNameAsync(BudgetService.BudgetServiceClient client, string code)
    {
        using var call = client.StreamBudgetFrames(Division);
        var rows = new List<UnitFrame>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) rows.Add(call.ResponseStream.Current);
        return rows.Single(r => r.Unit.Code == code).Unit.Name;
    }
}
