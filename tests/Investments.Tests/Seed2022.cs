using Region.Investments.V1;

namespace Region.Investments.Tests;

/// Regionstyrelsen's investments 2022 as published in seed 003 ("Beslutade och planerade
/// investeringar", decided 10 November § 204): 27 objects in kSEK, "Summa 49383". The seed gives
/// no category or financing: those are assigned from the name (as demo-data does).
public static class Seed2022
{
    public const string Decision = "Regionstyrelsen 10 november, § 204";
    public const long StatedTotalKsek = 49_383;

    /// The units the table names and their ancestors, as in demo-data/rs-2022/budget.yaml.
    public static readonly (string Code, string Name, string Level, string? Parent)[] Units =
    [
        ("RJH", "Region Jämtland Härjedalen", "Region", null),
        ("RS", "Regionstyrelsen", "Body", "RJH"),
        ("HSN", "Hälso- och sjukvårdsnämnden", "Body", "RJH"),
        ("RS-TJM", "Regionstyrelsens förvaltning", "Division", "RS"),
        ("RD", "Regiondirektör", "Area", "RS-TJM"),
        ("RST", "Regionstaben", "Area", "RS-TJM"),
        ("IT", "IT", "Department", "RST"),
        ("FASTIGHET", "Fastighet", "Department", "RST"),
        ("REGIONSERVICE", "Regionservice", "Department", "RST"),
    ];

    private const InvestmentKind Re = InvestmentKind.Reinvestment;
    private const InvestmentKind New = InvestmentKind.New;
    private const InvestmentKind Blank = InvestmentKind.Unspecified;

    /// Shared: clone a row before changing it.
    public static readonly TableRow[] Rows =
    [
        Row("REGIONSERVICE", "Tung lastbil med lastvikt 2 000 kg", Re, InvestmentCategory.Vehicles, 680),
        Row("REGIONSERVICE", "Kopiator, tryckeriet", Re, InvestmentCategory.OtherEquipment, 300),
        Row("REGIONSERVICE", "Scanner", Re, InvestmentCategory.OtherEquipment, 350),
        Row("REGIONSERVICE", "AMBUSS", Re, InvestmentCategory.Vehicles, 5_500),
        Row("IT", "Infrastruktur för server, nät, datalagring", Re, InvestmentCategory.It, 9_600),
        Row("IT", "Utökad datorkraft i serverfarm + utökning trådbundet och trådlöst nätverk", New, InvestmentCategory.It, 3_630),
        Row("IT", "Anpassning av infrastrukturen för att motsvara säkerhetsskyddslagstiftning", New, InvestmentCategory.It, 4_000),
        Row("FASTIGHET", "Elfordon", Re, InvestmentCategory.Vehicles, 150),
        Row("FASTIGHET", "Patientkallelsesystem", Re, InvestmentCategory.It, 5_573),
        Property("Byte av takbeläggning på sjukhuset", 1_500),
        Property("Remonthagen", 500),
        Property("Kronofogden (Psykiatrihuset)", 400),
        Property("Asbest", 1_000),
        Property("Birka folkhögskola", 650),
        Property("Köksrenovering/Birka", 1_400),
        Property("Konvertering Köldmedium", 100),
        Property("Reservkraft Göviken", 500),
        Property("Brandlarm", 300),
        Property("Nödbelysning och hänvisningsskyltar", 300),
        Property("Uppgradering av styr och övervakning", 250),
        Property("Dörrpartier i höghuset", 5_000),
        Property("Energisparåtgärder", 2_000),
        Property("Tillgänglighetsarbeten", 200),
        Property("Bäckedals folkhögskola", 2_000),
        Property("Lustgas", 2_000),
        Row("FASTIGHET", "Dexa/bentäthetsmätning /klinik", Blank, InvestmentCategory.MedicalEquipment, 1_000),
        Property("Fastighetsdokumentation", 500),
    ];

    public static ImportPlanTableRequest Table() => new()
    {
        BodyCode = "RS", Year = 2022, DecisionReference = Decision, StatedTotalKsek = StatedTotalKsek, Rows = { Rows.Select(r => r.Clone()) },
    };

    private static TableRow Row(string unit, string name, InvestmentKind kind, InvestmentCategory category, long ksek) => new()
    {
        UnitCode = unit, Name = name, Kind = kind, Category = category, AmountKsek = ksek,
        Financing = category == InvestmentCategory.Property ? Financing.Loan : Financing.Self,
    };

    private static TableRow Property(string name, long ksek) => Row("FASTIGHET", name, Blank, InvestmentCategory.Property, ksek);
}
