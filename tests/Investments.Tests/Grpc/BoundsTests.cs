using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Investments.V1;
using static Region.TestSupport.Rpc;
using Model = Region.Investments.Domain;
using InvestmentFigures = Region.Investments.Domain.InvestmentFigures;
using PlanTable = Region.Investments.Domain.PlanTable;

namespace Region.Investments.Tests.Grpc;

/// Codes in one form, amounts in their range, totals that never overflow, lists that stay bounded.
public sealed class BoundsTests(InvestmentsHost host) : IClassFixture<InvestmentsHost>
{
    private static ObjectFields Fields(string unit, long amount, string name = "Serverhall") => new()
    {
        UnitCode = unit, Name = name, Category = InvestmentCategory.It, Amount = amount, Financing = Financing.Self,
    };

    private static TableRow Row(int i, long ksek) => new()
    {
        UnitCode = "IT", Name = $"Objekt {i}", Category = InvestmentCategory.It, AmountKsek = ksek, Financing = Financing.Self,
    };

    [Fact]
    public async Task An_object_added_with_a_lower_case_unit_is_stored_upper_case_and_found_by_either_case()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.CreatePlanAsync(new() { BodyCode = "rs", Year = 2022 });

        var added = await client.AddObjectAsync(new() { BodyCode = "Rs", Year = 2022, Object = Fields(" it ", 3_630_000) });

        Assert.Equal(("RS", "IT"), (added.BodyCode, added.UnitCode));
        foreach (var unit in new[] { "IT", "it", "rs-tjm" })
            Assert.Equal([added.Id], (await client.ListObjectsAsync(new() { UnitCode = unit, Year = 2022 })).Objects.Select(o => o.Id));
        var plan = await client.GetPlanAsync(new() { BodyCode = "rS", Year = 2022, UnitCode = "It" });
        Assert.Equal((1, 3_630_000L, "RS"), (plan.Objects.Count, plan.Total.Amount, plan.Plan.BodyCode));
        Assert.Equal(3_630_000L, Assert.Single((await client.GetNetInvestmentsAsync(new() { UnitCode = "it", FromYear = 2022, ToYear = 2022 })).Years).Totals.Amount);
        await FailsWith(StatusCode.AlreadyExists, () => client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        await using var db = host.Db(tenant);
        var stored = await db.Objects.SingleAsync();
        Assert.Equal(("RS", "IT"), (stored.BodyCode, stored.UnitCode));
    }

    [Fact]
    public async Task The_regions_figures_stop_at_10_17_SEK_so_every_total_stays_exact_and_readable()
    {
        var client = await host.SeededClientAsync(NewTenant());
        // 100 objects of 10^15 SEK: the region's figures reach exactly their bound.
        var table = new ImportPlanTableRequest { BodyCode = "RS", Year = 2022, DecisionReference = "§ 1" };
        table.Rows.AddRange(Enumerable.Range(0, 100).Select(i => Row(i, InvestmentFigures.MaxAmountKsek)));
        await client.ImportPlanTableAsync(table);
        await client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2023 });

        var more = await FailsWith(StatusCode.FailedPrecondition,
            () => client.AddObjectAsync(new() { BodyCode = "RS", Year = 2023, Object = Fields("IT", 1) }).ResponseAsync);
        Assert.Contains("10^17", more.Status.Detail);
        var first = (await client.GetPlanAsync(new() { BodyCode = "RS", Year = 2022 })).Objects[0];
        await FailsWith(StatusCode.FailedPrecondition,
            () => client.RecordForecastAsync(new() { Id = first.Id, Etag = first.Etag, Forecast = 1, AsOf = "2022-08-31" }).ResponseAsync);
        // Lowering a figure is always allowed, and then room is made.
        var lowered = await client.UpdateObjectAsync(new() { Id = first.Id, Etag = first.Etag, Object = Fields("IT", 1, first.Name) });
        await client.RecordForecastAsync(new() { Id = lowered.Id, Etag = lowered.Etag, Forecast = 5, AsOf = "2022-08-31" });

        // Every total over them is exact: nothing overflowed on the way in, so nothing throws on the way out.
        const long expected = 99 * InvestmentFigures.MaxAmount + 1;
        var plan = await client.GetPlanAsync(new() { BodyCode = "RS", Year = 2022 });
        Assert.Equal((expected, expected + 4, expected), (plan.Total.Amount, plan.Total.Forecast, plan.Total.Decided));
        Assert.Equal(expected, (await client.ListObjectsAsync(new() { UnitCode = "RJH" })).Total.Amount);
        var net = await client.GetNetInvestmentsAsync(new() { FromYear = 2000, ToYear = 2049 });
        Assert.Equal(expected, net.Years.Sum(y => y.Totals.Amount));
    }

    [Fact]
    public async Task A_plan_holds_at_most_2000_objects_and_ListObjects_answers_with_at_most_5000()
    {
        var client = await host.SeededClientAsync(NewTenant());
        foreach (var year in new[] { 2022, 2023, 2024 })
        {
            var table = new ImportPlanTableRequest { BodyCode = "RS", Year = year };
            table.Rows.AddRange(Enumerable.Range(0, PlanTable.MaxRows).Select(i => Row(i, 1)));
            await client.ImportPlanTableAsync(table);
        }

        await FailsWith(StatusCode.FailedPrecondition, () => client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Fields("IT", 1) }).ResponseAsync);
        await InvalidArgument(() => client.ListObjectsAsync(new() { UnitCode = "RS" }).ResponseAsync, "year");
        var oneYear = await client.ListObjectsAsync(new() { UnitCode = "RS", Year = 2023 });
        Assert.Equal((2000, 2000_000L), (oneYear.Objects.Count, oneYear.Total.Amount));
    }

    [Fact]
    public async Task GetObject_shows_the_latest_1000_changes_oldest_first()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 });
        var o = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Fields("IT", 1) });
        await using (var db = host.Db(tenant))
        {
            var at = DateTimeOffset.UtcNow;
            db.Changes.AddRange(Enumerable.Range(1, 1100).Select(i => new Model.ObjectChange
            {
                ObjectId = Guid.Parse(o.Id), What = $"change {i}", Status = Model.InvestmentStatus.Planned, ChangedBy = "x", ChangedAt = at.AddSeconds(i),
            }));
            await db.SaveChangesAsync();
        }

        var read = await client.GetObjectAsync(new() { Id = o.Id });

        Assert.Equal(Model.InvestmentObject.MaxHistoryShown, read.History.Count);
        Assert.Equal(("change 101", "change 1100"), (read.History[0].What, read.History[^1].What));
    }
}
