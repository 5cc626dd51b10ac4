using Region.Budget.V1;

namespace Region.Benchmarks;

/// A synthetic organisation for the benchmarks: region → body → one division with `areas` areas,
/// and a frame table with one officials' row per area whose net is the sum of its columns.
public static class BenchData
{
    public const string Region = "BRJH";
    public const string Body = "BRS";
    public const string Division = "BDIV";
    public const int Year = 2022;

    public static string AreaCode(int i) => $"A{i:000}";

    /// Creates the tree through the gRPC API.
    public static async Task CreateTreeAsync(BudgetService.BudgetServiceClient client, int areas)
    {
        await client.CreateUnitAsync(new() { Code = Region, Name = "Benchmark region", Level = UnitLevel.Region });
        await client.CreateUnitAsync(new() { Code = Body, Name = "Benchmark board", Level = UnitLevel.Body, ParentCode = Region });
        await client.CreateUnitAsync(new() { Code = Division, Name = "Benchmark division", Level = UnitLevel.Division, ParentCode = Body });
        for (var i = 1; i <= areas; i++)
            await client.CreateUnitAsync(new() { Code = AreaCode(i), Name = $"Område {i}", Level = UnitLevel.Area, ParentCode = Division });
    }

    /// The frame amounts of area i: whole SEK, net = the sum of the columns.
    public static FrameAmounts Amounts(int i)
    {
        var a = new FrameAmounts
        {
            ExternalRevenue = 1_000_000L * i,
            InternalRevenue = 200_000L * i,
            PersonnelCosts = -2_500_000L * i,
            Pharmaceuticals = -10_000L * i,
            OtherExternalCosts = -700_000L * i,
            Depreciation = -50_000L * i,
            InternalCosts = -30_000L * i,
        };
        a.Net = a.ExternalRevenue + a.InternalRevenue + a.PersonnelCosts + a.Pharmaceuticals + a.OtherExternalCosts + a.Depreciation + a.InternalCosts;
        return a;
    }

    /// The frame table of the first `areas` areas for one year, with a correct officials' total.
    public static ImportFrameTableRequest Table(int areas, int year)
    {
        var table = new ImportFrameTableRequest { BodyCode = Body, Year = year, Source = $"Synthetic benchmark table, {areas} areas" };
        var total = new FrameAmounts();
        for (var i = 1; i <= areas; i++)
        {
            var a = Amounts(i);
            table.Rows.Add(new FrameTableRow { UnitCode = AreaCode(i), Label = $"Område {i}", Category = FrameCategory.Officials, Amounts = a });
            total.ExternalRevenue += a.ExternalRevenue;
            total.InternalRevenue += a.InternalRevenue;
            total.PersonnelCosts += a.PersonnelCosts;
            total.Pharmaceuticals += a.Pharmaceuticals;
            total.OtherExternalCosts += a.OtherExternalCosts;
            total.Depreciation += a.Depreciation;
            total.InternalCosts += a.InternalCosts;
            total.Net += a.Net;
        }
        table.Totals.Add(new FrameTableTotal { Label = "Summa tjänstemannabudget", Category = FrameCategory.Officials, Amounts = total });
        return table;
    }
}
