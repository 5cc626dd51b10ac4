using Grpc.Core;
using Region.Budget.V1;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

public sealed class ImportTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task Importing_the_2022_table_finds_exactly_its_three_disagreements()
    {
        var client = host.Client(NewTenant());
        await Seed2022.CreateUnitsAsync(client);

        var import = await client.ImportFrameTableAsync(Seed2022.Table());

        Assert.Equal(4, import.Rows);
        Assert.Equal(3, import.Findings.Count);
        Assert.Contains(import.Findings, f => f.Column == FrameColumn.OtherExternalCosts && f.Stated == Seed2022.Sek(-763.0m) && f.Computed == Seed2022.Sek(-763.4m));
        Assert.Contains(import.Findings, f => f.Column == FrameColumn.Depreciation && f.Stated == Seed2022.Sek(-86.5m) && f.Computed == Seed2022.Sek(-86.2m));
        Assert.Contains(import.Findings, f => f.Column == FrameColumn.Net && f.Stated == Seed2022.Sek(-1585.1m) && f.Computed == Seed2022.Sek(-1585.0m));
        Assert.All(import.Findings, f => Assert.Equal("Summa tjänstemannabudget", f.Location));

        // Stored with the import, not "fixed": the frames are the rows as printed.
        var stored = Assert.Single((await client.ListFrameTableImportsAsync(new() { BodyCode = "RS", Year = 2022 })).Imports);
        Assert.Equal(import.Findings, stored.Findings);
        var frame = await client.GetFrameAsync(new() { UnitCode = "RST", Year = 2022 });
        Assert.Equal(Seed2022.Sek(-86.7m), frame.Opening.Depreciation);
    }

    [Fact]
    public async Task The_summary_gives_3373_4_MSEK_total_net_budget_for_2022()
    {
        var client = host.Client(NewTenant());
        await Seed2022.CreateUnitsAsync(client);
        await client.ImportFrameTableAsync(Seed2022.Table());

        var summary = await client.GetBudgetSummaryAsync(new() { BodyCode = "RS", Year = 2022 });

        Assert.Equal(Seed2022.Sek(-1585.1m), summary.Officials.Net);
        Assert.Equal(Seed2022.Sek(-4.2m), summary.ElectedMembers.Net);
        Assert.Equal(Seed2022.Sek(4962.7m), summary.Financing.Total);
        Assert.Equal(Seed2022.Sek(3373.4m), summary.TotalNetBudget);
    }

    [Fact]
    public async Task A_bad_table_is_rejected_whole_with_every_violation_and_nothing_written()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await Seed2022.CreateUnitsAsync(client);
        var table = Seed2022.Table();
        table.Rows[0].UnitCode = "NOPE";
        table.Rows[1].Category = FrameCategory.Unspecified;
        table.Rows[2].UnitCode = "RST";
        table.Rows[3].Label = "";
        table.Totals[0].Category = FrameCategory.Unspecified;
        table.Source = "";
        var before = await host.RowCountsAsync(tenant);

        var violations = await InvalidArgument(() => client.ImportFrameTableAsync(table).ResponseAsync,
            "source", "rows[0].unit_code", "rows[1].category", "rows[2].unit_code", "rows[3].label", "totals[0].category");

        Assert.Contains(violations, v => v.Field == "rows[2].unit_code" && v.Description.Contains("two rows"));
        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task Importing_frames_that_are_already_open_is_refused()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await Seed2022.CreateUnitsAsync(client);
        await client.ImportFrameTableAsync(Seed2022.Table());
        var before = await host.RowCountsAsync(tenant);

        await InvalidArgument(() => client.ImportFrameTableAsync(Seed2022.Table()).ResponseAsync,
            "rows[0].unit_code", "rows[1].unit_code", "rows[2].unit_code", "rows[3].unit_code");
        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task Rows_outside_the_body_are_refused()
    {
        var client = host.Client(NewTenant());
        await Seed2022.CreateUnitsAsync(client);
        await client.CreateUnitAsync(new() { Code = "HSN", Name = "Hälso- och sjukvårdsnämnden", Level = UnitLevel.Body, ParentCode = "RJH" });
        var table = Seed2022.Table();
        table.Rows[0].UnitCode = "HSN";
        var violation = Assert.Single(await InvalidArgument(() => client.ImportFrameTableAsync(table).ResponseAsync, "rows[0].unit_code"));
        Assert.Contains("not under RS", violation.Description);
    }
}
