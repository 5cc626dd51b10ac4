using Region.Budget.V1;

namespace Region.Budget.Tests;

/// The 2022 frame table of Regionstyrelsen as published in seed 003 ("Budgetramar per område
/// inom regionstyrelsen"), in MSEK with one decimal, converted to whole SEK here at the edge.
public static class Seed2022
{
    public const long Msek = 1_000_000;

    public static long Sek(decimal msek) => (long)(msek * Msek);

    public static FrameAmounts Amounts(decimal ext, decimal intRev, decimal personnel, decimal pharma, decimal other, decimal depr, decimal intCost, decimal net) => new()
    {
        ExternalRevenue = Sek(ext),
        InternalRevenue = Sek(intRev),
        PersonnelCosts = Sek(personnel),
        Pharmaceuticals = Sek(pharma),
        OtherExternalCosts = Sek(other),
        Depreciation = Sek(depr),
        InternalCosts = Sek(intCost),
        Net = Sek(net),
    };

    /// Creates the tree the table needs: RJH → RS → the three areas and the elected members.
    public static async Task CreateUnitsAsync(BudgetService.BudgetServiceClient client)
    {
        await client.CreateUnitAsync(new() { Code = "RJH", Name = "Region Jämtland Härjedalen", Level = UnitLevel.Region });
        await client.CreateUnitAsync(new() { Code = "RS", Name = "Regionstyrelsen", Level = UnitLevel.Body, ParentCode = "RJH" });
        await client.CreateUnitAsync(new() { Code = "RS-TJM", Name = "Regionstyrelsens förvaltning", Level = UnitLevel.Division, ParentCode = "RS" });
        await client.CreateUnitAsync(new() { Code = "RD", Name = "Regiondirektör", Level = UnitLevel.Area, ParentCode = "RS-TJM" });
        await client.CreateUnitAsync(new() { Code = "RST", Name = "Regionstaben", Level = UnitLevel.Area, ParentCode = "RS-TJM" });
        await client.CreateUnitAsync(new() { Code = "VV", Name = "Vårdval", Level = UnitLevel.Area, ParentCode = "RS-TJM" });
        await client.CreateUnitAsync(new() { Code = "RS-FTM", Name = "Förtroendemannaorganisation", Level = UnitLevel.Division, ParentCode = "RS" });
    }

    public static ImportFrameTableRequest Table() => new()
    {
        BodyCode = "RS",
        Year = 2022,
        Source = "Verksamhetsplan och budget 2022 (reviderad), Budgetramar per område inom regionstyrelsen",
        Rows =
        {
            new FrameTableRow { UnitCode = "RD", Label = "Regiondirektör", Category = FrameCategory.Officials, Amounts = Amounts(200.2m, 15.5m, -282.9m, 0m, -168.6m, 0.5m, 1.1m, -234.2m) },
            new FrameTableRow { UnitCode = "RST", Label = "Regionstaben", Category = FrameCategory.Officials, Amounts = Amounts(99.2m, 211.8m, -265.8m, 0.4m, -455.1m, -86.7m, -1.1m, -497.3m) },
            new FrameTableRow { UnitCode = "VV", Label = "Vårdval", Category = FrameCategory.Officials, Amounts = Amounts(5.2m, 0m, 0m, -30.9m, -139.7m, 0m, -688.2m, -853.6m) },
            new FrameTableRow { UnitCode = "RS-FTM", Label = "Summa förtroendemannabudget", Category = FrameCategory.ElectedMembers, Amounts = Amounts(0m, 0m, -4.0m, 0m, -0.2m, 0m, 0m, -4.2m) },
        },
        Totals =
        {
            new FrameTableTotal { Label = "Summa tjänstemannabudget", Category = FrameCategory.Officials, Amounts = Amounts(304.6m, 227.3m, -548.7m, -30.5m, -763.0m, -86.5m, -688.2m, -1585.1m) },
        },
        HasFinancing = true,
        Financing = new FinancingAmounts
        {
            TaxRevenue = Sek(3360.2m),
            GeneralStateGrants = Sek(1174.7m),
            PharmaceuticalGrant = Sek(452.7m),
            FinancialIncome = Sek(23.2m),
            FinancialCosts = Sek(-48.1m),
            Total = Sek(4962.7m),
        },
        HasStatedTotalNetBudget = true,
        StatedTotalNetBudget = Sek(3373.4m),
    };
}
