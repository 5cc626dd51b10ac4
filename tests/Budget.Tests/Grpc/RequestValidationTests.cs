using Grpc.Core;
using Region.Budget.V1;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// One test per RPC: the bad requests a careless or hostile caller sends, each refused with
/// INVALID_ARGUMENT naming exactly the bad fields, no message echoing the input, nothing written.
public sealed class RequestValidationTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    private static readonly string Huge = new('x', 100_000);
    private static string Long(int length) => new('x', length);

    /// INVALID_ARGUMENT naming these fields; no description quotes more than 40 characters of input.
    private static async Task Refused(Func<Task> call, params string[] fields)
    {
        var violations = await InvalidArgument(call, fields);
        Assert.All(violations, v => Assert.DoesNotContain(Long(41), v.Description));
    }

    /// A tenant with the RS units and the 2022 table, and a check that the test's calls wrote nothing.
    private async Task WritesNothingAsync(Func<BudgetService.BudgetServiceClient, Task> calls)
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var before = await host.RowCountsAsync(tenant);
        await calls(client);
        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public Task CreateUnit_refuses_bad_codes_names_levels_and_parents() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.CreateUnitAsync(new() { Level = UnitLevel.Unspecified }).ResponseAsync, "code", "name", "level");
        await Refused(() => client.CreateUnitAsync(new() { Code = Huge, Name = Huge, Level = UnitLevel.Area, ParentCode = Huge }).ResponseAsync,
            "code", "name", "parent_code");
        await Refused(() => client.CreateUnitAsync(new() { Code = "RS\0", Name = "Namn\0", Level = (UnitLevel)99, ParentCode = "RS" }).ResponseAsync,
            "code", "name", "level");
        await Refused(() => client.CreateUnitAsync(new() { Code = "-X", Name = "Ok", Level = UnitLevel.Area, ParentCode = "RS TJM" }).ResponseAsync,
            "code", "parent_code");
        await Refused(() => client.CreateUnitAsync(new() { Code = "٢٠٢٢", Name = "Rad\nbrytning", Level = UnitLevel.Region, ParentCode = "RJH" }).ResponseAsync,
            "code", "name", "parent_code");
        await Refused(() => client.CreateUnitAsync(new() { Code = Long(41), Name = Long(201), Level = UnitLevel.Area, ParentCode = "RS" }).ResponseAsync,
            "code", "name");
    });

    [Fact]
    public Task GetUnit_refuses_what_cannot_be_a_code() => WritesNothingAsync(async client =>
    {
        foreach (var code in new[] { "", " ", Huge, "R S", "RS\0", "\u202Eرس", "'; DROP TABLE org_units; --" })
            await Refused(() => client.GetUnitAsync(new() { Code = code }).ResponseAsync, "code");
    });

    [Fact]
    public Task RenameUnit_refuses_a_missing_or_overlong_etag_and_bad_names() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.RenameUnitAsync(new()).ResponseAsync, "code", "name", "etag");
        await Refused(() => client.RenameUnitAsync(new() { Code = "VV", Name = Long(201), Etag = Huge }).ResponseAsync, "name", "etag");
        await Refused(() => client.RenameUnitAsync(new() { Code = "VV", Name = "Vårdval\u0007", Etag = "1\0" }).ResponseAsync, "name", "etag");
    });

    [Fact]
    public Task CloseUnit_refuses_bad_codes_years_and_etags() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.CloseUnitAsync(new()).ResponseAsync, "code", "from_year", "etag");
        await Refused(() => client.CloseUnitAsync(new() { Code = Huge, FromYear = int.MaxValue, Etag = "1" }).ResponseAsync, "code", "from_year");
    });

    [Fact]
    public Task ListUnits_refuses_a_bad_root_page_size_and_token() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.ListUnitsAsync(new() { RootCode = "R S", PageSize = -1, PageToken = "garbage" }).ResponseAsync,
            "root_code", "page_size", "page_token");
        await Refused(() => client.ListUnitsAsync(new() { RootCode = Huge, PageToken = Huge }).ResponseAsync, "root_code", "page_token");
    });

    [Fact]
    public Task OpenFrame_refuses_amounts_out_of_range_and_unknown_categories() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.OpenFrameAsync(new()).ResponseAsync, "unit_code", "year", "category");
        await Refused(() => client.OpenFrameAsync(new()
        {
            UnitCode = "RD", Year = 2023, Category = (FrameCategory)99,
            Opening = new() { ExternalRevenue = long.MaxValue, InternalRevenue = long.MaxValue, Depreciation = long.MinValue },
            MonthlyWeights = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1 },
        }).ResponseAsync, "category", "opening.external_revenue", "opening.internal_revenue", "opening.depreciation", "monthly_weights");
    });

    [Fact]
    public Task GetFrame_refuses_bad_codes_and_years() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.GetFrameAsync(new() { UnitCode = Huge, Year = -1 }).ResponseAsync, "unit_code", "year");
    });

    [Fact]
    public Task AdjustFrame_refuses_bad_kinds_amounts_reasons_and_case_numbers() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.AdjustFrameAsync(new() { Year = 1900, Kind = AdjustmentKind.Transfer, CaseNumber = "775" }).ResponseAsync,
            "unit_code", "year", "etag", "kind", "change", "reason", "case_number");
        await Refused(() => client.AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2022, Etag = new string('9', 21), Kind = (AdjustmentKind)99,
            Change = new() { PersonnelCosts = long.MinValue }, Reason = Long(501), CaseNumber = "RS/٧٧٥/2020",
        }).ResponseAsync, "etag", "kind", "change.personnel_costs", "reason", "case_number");
        await Refused(() => client.AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2022, Etag = "1", Kind = AdjustmentKind.Other,
            Change = new() { PersonnelCosts = -1 }, Reason = "a\0b", CaseNumber = "RS/775/2020\n",
        }).ResponseAsync, "reason", "case_number");
        await Refused(() => client.AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2022, Etag = "1", Kind = AdjustmentKind.Other, Change = new() { PersonnelCosts = -1 }, Reason = "Ok", CaseNumber = Huge,
        }).ResponseAsync, "case_number");
    });

    [Fact]
    public Task TransferFrame_refuses_one_unit_twice_and_bad_amounts() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.TransferFrameAsync(new()).ResponseAsync,
            "from_unit_code", "to_unit_code", "year", "from_etag", "to_etag", "change", "reason");
        await Refused(() => client.TransferFrameAsync(new()
        {
            FromUnitCode = "rd", ToUnitCode = " RD", Year = 2022, FromEtag = "1", ToEtag = "1", Change = new() { PersonnelCosts = 1 }, Reason = "Omdisponering",
        }).ResponseAsync, "to_unit_code");
        await Refused(() => client.TransferFrameAsync(new()
        {
            FromUnitCode = Huge, ToUnitCode = "RD\0", Year = 2022, FromEtag = Huge, ToEtag = "1",
            Change = new() { InternalCosts = long.MaxValue }, Reason = "Omdisponering", CaseNumber = "x",
        }).ResponseAsync, "from_unit_code", "to_unit_code", "from_etag", "change.internal_costs", "case_number");
    });

    [Fact]
    public Task ListLedger_refuses_bad_codes_and_years() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.ListLedgerAsync(new() { UnitCode = "R\u202E", Year = 2101 }).ResponseAsync, "unit_code", "year");
    });

    [Fact]
    public Task ListBudgetFrames_and_its_stream_refuse_bad_codes_years_and_pages() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.ListBudgetFramesAsync(new() { UnitCode = "", Year = 0, PageSize = -5, PageToken = "x" }).ResponseAsync,
            "unit_code", "year", "page_size", "page_token");
        await Refused(async () =>
        {
            using var call = client.StreamBudgetFrames(new() { UnitCode = Huge, Year = 2022 });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        }, "unit_code");
    });

    [Fact]
    public Task CloseYear_refuses_a_year_outside_the_kept_ones() => WritesNothingAsync(async client =>
    {
        foreach (var year in new[] { 0, -1, 1999, 2101, int.MaxValue, int.MinValue })
            await Refused(() => client.CloseYearAsync(new() { Year = year }).ResponseAsync, "year");
    });

    [Fact]
    public Task SetFinancing_refuses_missing_or_out_of_range_amounts() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.SetFinancingAsync(new()).ResponseAsync, "body_code", "year", "amounts");
        await Refused(() => client.SetFinancingAsync(new()
        {
            BodyCode = "RS", Year = 2022, Amounts = new() { TaxRevenue = long.MaxValue, FinancialCosts = long.MinValue, Total = 5 },
            Etag = new string('1', 21),
        }).ResponseAsync, "amounts.tax_revenue", "amounts.financial_costs", "etag");
    });

    [Fact]
    public Task GetBudgetSummary_refuses_bad_codes_and_years() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.GetBudgetSummaryAsync(new() { BodyCode = "RS\0", Year = 0 }).ResponseAsync, "body_code", "year");
    });

    [Fact]
    public Task ImportFrameTable_refuses_overlong_text_too_many_rows_and_figures_out_of_range() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.ImportFrameTableAsync(new()).ResponseAsync, "body_code", "year", "source", "rows");

        var table = Seed2022.Table();
        table.Year = 2023; // the 2022 frames are open: 2023 isolates the checks below
        table.Source = Long(301);
        table.Rows[0].Amounts.Net = long.MaxValue;
        table.Rows[1].Label = Long(201);
        table.Rows[2].Amounts.Pharmaceuticals = long.MinValue;
        table.Totals[0].Amounts.OtherExternalCosts = long.MaxValue;
        table.Financing.TaxRevenue = long.MaxValue;
        table.Financing.Total = long.MinValue;
        table.StatedTotalNetBudget = long.MinValue;
        await Refused(() => client.ImportFrameTableAsync(table).ResponseAsync,
            "source", "rows[0].amounts.net", "rows[1].label", "rows[2].amounts.pharmaceuticals", "totals[0].amounts.other_external_costs",
            "financing.tax_revenue", "financing.total", "stated_total_net_budget");

        var huge = Seed2022.Table();
        huge.Year = 2023;
        for (var i = 0; i < 1_000; i++) huge.Rows.Add(huge.Rows[0].Clone());
        await Refused(() => client.ImportFrameTableAsync(huge).ResponseAsync, "rows");

        var bad = Seed2022.Table();
        bad.Year = 2023;
        bad.BodyCode = "RD";
        bad.Rows[0].UnitCode = "RD\u0000";
        bad.Rows[1].Label = "Regionstaben\r\n";
        await Refused(() => client.ImportFrameTableAsync(bad).ResponseAsync,
            "financing", "rows[0].unit_code", "rows[1].label", "rows[1].unit_code", "rows[2].unit_code", "rows[3].unit_code");
    });

    [Fact]
    public Task ListFrameTableImports_refuses_bad_codes_and_years() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.ListFrameTableImportsAsync(new() { BodyCode = "", Year = -1 }).ResponseAsync, "body_code", "year");
        await Refused(() => client.ListFrameTableImportsAsync(new() { BodyCode = "RS", Year = 99_999 }).ResponseAsync, "year");
    });

    [Fact]
    public Task RecordOutcomes_refuses_bad_request_ids_too_many_lines_and_bad_lines() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.RecordOutcomesAsync(new()).ResponseAsync, "request_id", "lines");
        var tooMany = new RecordOutcomesRequest { RequestId = Long(101) };
        var line = new OutcomeLine { UnitCode = "RD", Year = 2022, Month = 1, Column = FrameColumn.PersonnelCosts, Amount = -1 };
        for (var i = 0; i <= 20_000; i++) tooMany.Lines.Add(line);
        await Refused(() => client.RecordOutcomesAsync(tooMany).ResponseAsync, "request_id", "lines");
        await Refused(() => client.RecordOutcomesAsync(new()
        {
            RequestId = "batch\0",
            Lines =
            {
                new OutcomeLine { UnitCode = Huge, Year = 2022, Month = 1, Column = (FrameColumn)99, Amount = long.MaxValue },
                new OutcomeLine { UnitCode = "RD", Year = 2022, Month = 2, Column = FrameColumn.Net, Amount = long.MinValue },
            },
        }).ResponseAsync, "request_id", "lines[0].unit_code", "lines[0].column", "lines[0].amount", "lines[1].column", "lines[1].amount");
    });

    [Fact]
    public Task RecordForecast_refuses_a_net_out_of_range_and_bad_comments() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.RecordForecastAsync(new() { Net = long.MaxValue, Comment = Long(1001) }).ResponseAsync,
            "unit_code", "year", "net", "comment");
        await Refused(() => client.RecordForecastAsync(new() { UnitCode = "RD", Year = 2022, Net = -1, Comment = "Prognos\0" }).ResponseAsync, "comment");
    });

    [Fact]
    public Task GetDeviation_refuses_bad_codes_years_and_months() => WritesNothingAsync(async client =>
    {
        await Refused(() => client.GetDeviationAsync(new() { UnitCode = Huge, Year = 0, ThroughMonth = 13 }).ResponseAsync,
            "unit_code", "year", "through_month");
        await Refused(() => client.GetDeviationAsync(new() { UnitCode = "RD", Year = 2022, ThroughMonth = int.MinValue }).ResponseAsync, "through_month");
    });

    [Fact]
    public Task Codes_in_any_case_find_the_same_unit_everywhere() => WritesNothingAsync(async client =>
    {
        Assert.Equal("RS-TJM", (await client.GetUnitAsync(new() { Code = " rs-tjm " })).Code);
        var lower = await client.ListBudgetFramesAsync(new() { UnitCode = "rs-tjm", Year = 2022 });
        var upper = await client.ListBudgetFramesAsync(new() { UnitCode = "RS-TJM", Year = 2022 });
        Assert.Equal(upper, lower);
        Assert.Equal((await client.GetDeviationAsync(new() { UnitCode = "VV", Year = 2022, ThroughMonth = 8 })).Total,
            (await client.GetDeviationAsync(new() { UnitCode = "vv", Year = 2022, ThroughMonth = 8 })).Total);
        await FailsWith(StatusCode.NotFound, () => client.GetUnitAsync(new() { Code = "NOPE" }).ResponseAsync);
    });
}
