using Grpc.Core;
using Region.Investments.V1;
using static Region.TestSupport.Rpc;

namespace Region.Investments.Tests.Grpc;

public sealed class ImportTests(InvestmentsHost host) : IClassFixture<InvestmentsHost>
{
    [Fact]
    public async Task Seed_003s_27_rows_confirm_the_stated_49_383_kSEK_and_are_decided_by_paragraph_204()
    {
        var client = await host.SeededClientAsync(NewTenant());
        var imported = await client.ImportPlanTableAsync(Seed2022.Table());

        Assert.Equal((27, 49_383_000L), (imported.Objects, imported.Total));
        Assert.Empty(imported.Findings);
        Assert.Equal((Seed2022.Decision, 49_383_000L), (imported.Plan.DecisionReference, imported.Plan.StatedTotal));

        var plan = await client.GetPlanAsync(new() { BodyCode = "RS", Year = 2022 });
        Assert.Equal((27, 49_383_000L, 49_383_000L), (plan.Total.Objects, plan.Total.Amount, plan.Total.Decided));
        Assert.All(plan.Objects, o => Assert.Equal((InvestmentStatus.Decided, Seed2022.Decision), (o.Status, o.DecisionReference)));
        // Regionservice 6 830, IT 17 230, Fastighet 25 323; all three roll up into Regionstaben.
        Assert.Equal(
            [("RS", 49_383_000L), ("RS-TJM", 49_383_000L), ("RST", 49_383_000L), ("FASTIGHET", 25_323_000L), ("IT", 17_230_000L), ("REGIONSERVICE", 6_830_000L)],
            plan.ByUnit.Select(t => (t.Key, t.Amount)));
        Assert.Equal(
            [("Unspecified", 19_600_000L), ("New", 7_630_000L), ("Reinvestment", 22_153_000L)],
            plan.ByKind.Select(t => (t.Key, t.Amount)));
        Assert.Equal(49_383_000L, plan.ByCategory.Sum(t => t.Amount));
    }

    [Fact]
    public async Task A_stated_total_that_disagrees_with_the_rows_is_reported_and_the_rows_are_kept()
    {
        var client = await host.SeededClientAsync(NewTenant());
        var table = Seed2022.Table();
        table.StatedTotalKsek = 49_833;
        var imported = await client.ImportPlanTableAsync(table);

        var finding = Assert.Single(imported.Findings);
        Assert.Equal(("Summa", 49_833_000L, 49_383_000L), (finding.Location, finding.Stated, finding.Computed));
        Assert.Equal(27, imported.Objects);
    }

    [Fact]
    public async Task A_table_with_bad_rows_lists_every_violation_and_writes_nothing()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var table = Seed2022.Table();
        table.Rows[3].UnitCode = "AMBULANSEN";
        table.Rows[5].Name = "";
        table.Rows[5].Category = InvestmentCategory.Unspecified;
        table.Rows[20].AmountKsek = -300;
        table.Rows[26].Financing = Financing.Unspecified;
        table.Rows.Add(Seed2022.Rows[0].Clone());

        await InvalidArgument(() => client.ImportPlanTableAsync(table).ResponseAsync,
            "rows[3].unit_code", "rows[5].name", "rows[5].category", "rows[20].amount_ksek", "rows[26].financing", "rows[27].name");
        Assert.Equal("plans=0, objects=0, changes=0", await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task A_unit_outside_the_body_is_refused()
    {
        var client = await host.SeededClientAsync(NewTenant());
        var table = Seed2022.Table();
        table.Rows[0].UnitCode = "HSN";
        await InvalidArgument(() => client.ImportPlanTableAsync(table).ResponseAsync, "rows[0].unit_code");
    }

    [Fact]
    public async Task A_second_import_of_the_same_plan_already_exists()
    {
        var client = await host.SeededClientAsync(NewTenant());
        await client.ImportPlanTableAsync(Seed2022.Table());
        await FailsWith(StatusCode.AlreadyExists, () => client.ImportPlanTableAsync(Seed2022.Table()).ResponseAsync);
    }
}
