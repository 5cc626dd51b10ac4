using System.Globalization;
using System.Text.RegularExpressions;
using Region.Meetings.V1;
using Region.TestSupport;

namespace Region.Cli.Tests;

/// demo-data/rs-2022/meetings.yaml against seed 003's own text: the follow-up plan (lines 441-456)
/// and the meeting calendar (lines 489-521), copied here verbatim, tabs included.
public sealed class MeetingsDemoDataTests
{
    public static string Rs2022 => Path.Combine(TestInfra.RepoRoot, "demo-data", "rs-2022", "meetings.yaml");

    private static readonly MeetingsFile File = MeetingsFile.Load(Rs2022);

    /// "Under 2022 ska nämnden följa upp följande områden:", lines 441-456.
    private static readonly string[] SeedAreas =
    [
        "Barnkonventionen",
        "Civilt försvar",
        "Fattade beslut",
        "Folkhälsa",
        "Hälsa- och sjukvårdsnämnden",
        "Internkontroll",
        "Krisberedskap och säkerhet",
        "LUP Miljö och miljöbokslut",
        "LUP Psykisk ohälsa",
        "Medarbetarenkät",
        "Nationella statsbidrag",
        "Regionstyrelsens verksamhetsplan och indikatorer 2022",
        "Sommaren (bemanning mm)",
        "Tillgänglighetsråd, Pensionärsråd och FoU-råd",
        "Upphandling",
        "Vårdval Hälsöval"
    ];

    /// "Sammanträdesplanering regionstyrelsen 2022", lines 489-521 without the blank line: a date
    /// line per meeting, then one line per category: category, items, roles (tab separated).
    private static readonly string[] SeedCalendar =
    [
        /* 489 */ "25 januari\t\t",
        /* 490 */ "Uppföljning\tInför uppsiktsplikt 2022\tRegionstabschef",
        /* 491 */ "Tema fördjupning\tUpphandling (inkl. fastighet)\tInköpschef och Fastighetschef",
        /* 492 */ "3 mars\t\t",
        /* 493 */ "Gemensam planeringsdag med nämnder m.fl.\tSeparat program\t",
        /* 494 */ "29–30 mars\t\t",
        /* 495 */ "Återkommande ärenden\tÅrsbokslut 2021 Årsbokslut hälsoval 2021 inklusive uppföljning av vårdval hälsoval, fotvård, tandvård och nationella taxan Månadsrapport per februari\tEkonomidirektör Beställarchef Ekonomidirektör",
        /* 496 */ "Tema fördjupning\tKompetensförsörjning\tHR-direktör",
        /* 497 */ "3–4 maj\t\t",
        /* 498 */ "Återkommande ärenden\tMånadsrapport per mars Regionstyrelsens sammanträdestider 2023 Informationssäkerhetsberättelse\tEkonomidirektör Regionsekreterare Beredskapschef",
        /* 499 */ "Uppföljning och fördjupning\tUpphandling Medarbetarenkät Folkhälsa LUP Psykisk ohälsa Uppföljning av fattade beslut Krisberedskap och säkerhet Nationella statsbidrag\tInköpschef HR-direktör HOSPA-chef Regionstabschef Beredskapschef HOSPA-chef",
        /* 500 */ "Tema fördjupning\tAktivt Ledar- och medarbetarskap Anställningsvillkor och lönebildning\tHR-direktör",
        /* 501 */ "31 maj – 1 juni\t\t",
        /* 502 */ "Återkommande ärenden\tTertialrapport april Förfrågningsunderlag 2022 för hälsoval, medicinsk fotvård och allmän tandvård för barn och unga vuxna. Inspel till regionplan med fördjupad diskussion om investeringar\tEkonomidirektör Beställarchef Regiondirektör",
        /* 503 */ "Uppföljning och fördjupning\tLUP Miljö och Miljöbokslut 2020 Uppsiktsplikt av bolag, föreningar, stiftelser och nämnder. Arbete med barnkonventionen Uppföljning statsbidrag. Särskild uppföljning av hälso- och sjukvårdsnämnden. Ordförande bjuds in.\tMiljöstrateg Regionstabschef HOSPA-chef HR direktör",
        /* 504 */ "Tema fördjupning\tArbetsmiljö (inkl. medarbetarenkät)\t",
        /* 506 */ "8 juni\t\t",
        /* 507 */ "Gemensam budgetdag med nämnder m.fl.\tSeparat program\t",
        /* 508 */ "30 augusti\t\t",
        /* 509 */ "Återkommande ärenden\tMånadsrapport per maj och juni\tEkonomidirektör",
        /* 510 */ "Uppföljning och fördjupning\tCivilt försvar\tBeredskapschef",
        /* 511 */ "Tema fördjupning\tLokalförsörjning\tFastighetschef",
        /* 512 */ "27–28 september\t\t",
        /* 513 */ "Återkommande ärenden\tDelårsbokslut augusti 2021\tEkonomidirektör Regiondirektör",
        /* 514 */ "Uppföljning och fördjupning\tUppföljning styrelsens verksamhetsplan och indikatorer 2022 Uppföljning av fattade beslut Gemensamt projekt med Länsstyrelsen om klimatanpassningar\tRegionstabschef Beredskapschef",
        /* 515 */ "25 oktober\t\t",
        /* 516 */ "Återkommande ärenden\tMånadsrapport per september Ev revidering förfrågningsunderlag LOV 2023 Regionplan och budget, beslut om större investeringar Investeringar per objekt\tEkonomidirektör Beställarchef Regiondirektör Ekonomidirektör\"",
        /* 517 */ "Uppföljning och fördjupning\tUppföljning av internkontrollplan 2021 Vårdval Hälsoval 2022 Upphandlingar Särskild uppföljning av hälso- och sjukvårdsnämnden. Ordförande bjuds in.\tRegionstabschef Beställarchef Inköpschef",
        /* 518 */ "6 december\t\t",
        /* 519 */ "Återkommande ärenden\tMånadsrapport per oktober · Regionstyrelsen verksamhetsplan 2023\tEkonomidirektör Regiondirektör",
        /* 520 */ "Uppföljning och fördjupning\tTillgänglighetsråd, Pensionärsråd, FoU-råd Uppföljning av sommaren (bemannning mm) LUP-Sjukskrivningar\tRegionstabschef HR-direktör",
        /* 521 */ "Tema fördjupning\tSamiska frågor\t"
    ];

    private static readonly string[] Months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];

    private static readonly Regex DateLine = new(@"^(?<d1>\d{1,2})(?:–(?<d2>\d{1,2}))? (?<m1>\p{L}+)(?: – (?<d3>\d{1,2}) (?<m2>\p{L}+))?$", RegexOptions.CultureInvariant);

    /// The seed's meetings: first and last day, and the rows (category, items, roles) under each.
    private static List<(DateOnly Start, DateOnly End, List<(string Category, string Items, string Roles)> Rows)> SeedMeetings()
    {
        var meetings = new List<(DateOnly, DateOnly, List<(string, string, string)>)>();
        foreach (var line in SeedCalendar)
        {
            var cells = line.Split('\t');
            if (DateLine.Match(cells[0].Trim()) is { Success: true } m && cells.Skip(1).All(string.IsNullOrWhiteSpace))
            {
                var month = Array.IndexOf(Months, m.Groups["m1"].Value) + 1;
                var start = new DateOnly(2022, month, int.Parse(m.Groups["d1"].Value, CultureInfo.InvariantCulture));
                var end = m.Groups["d2"].Success ? new DateOnly(2022, month, int.Parse(m.Groups["d2"].Value, CultureInfo.InvariantCulture))
                    : m.Groups["d3"].Success ? new DateOnly(2022, Array.IndexOf(Months, m.Groups["m2"].Value) + 1, int.Parse(m.Groups["d3"].Value, CultureInfo.InvariantCulture))
                    : start;
                meetings.Add((start, end, []));
            }
            else meetings[^1].Item3.Add((cells[0].Trim(), cells[1].Trim(), cells.Length > 2 ? cells[2].Trim() : ""));
        }
        return meetings;
    }

    private static string Category(string seedCategory) => seedCategory switch
    {
        "Återkommande ärenden" => "recurring",
        "Uppföljning och fördjupning" or "Uppföljning" => "follow-up",
        "Tema fördjupning" => "theme",
        _ => "",
    };

    [Fact]
    public void The_plan_is_the_seeds_16_areas_with_internal_control_twice()
    {
        Assert.Equal(16, File.Plan!.Count);
        Assert.Equal(SeedAreas, File.Plan.Select(a => a.Area));
        Assert.Equal(["Internkontroll"], File.Plan.Where(a => a.Frequency != "once").Select(a => a.Area));
        Assert.Equal("twice", File.Plan.Single(a => a.Area == "Internkontroll").Frequency);
    }

    [Fact]
    public void The_calendar_has_the_seeds_ten_meetings_on_their_dates()
    {
        var seed = SeedMeetings();
        var request = File.ToImportRequest();

        Assert.Equal(10, seed.Count);
        Assert.Equal(seed.Select(s => (s.Start, s.End)), request.Meetings.Select(m =>
            (new DateOnly(m.StartDate.Year, m.StartDate.Month, m.StartDate.Day), m.EndDate is { } e ? new DateOnly(e.Year, e.Month, e.Day) : new DateOnly(m.StartDate.Year, m.StartDate.Month, m.StartDate.Day))));
        Assert.Equal([MeetingKind.PlanningDay, MeetingKind.BudgetDay], request.Meetings.Where(m => m.Kind != MeetingKind.BoardMeeting).Select(m => m.Kind));
        Assert.Equal(("RS", 2022, "Sammanträdesplanering regionstyrelsen 2022"), (request.BodyCode, request.Year, request.Name));
    }

    [Fact]
    public void Every_item_is_printed_in_its_meetings_row_of_its_category_with_its_role()
    {
        var seed = SeedMeetings();
        var meetings = File.Meetings!;
        for (var i = 0; i < seed.Count; i++)
        {
            var rows = seed[i].Rows.Where(r => Category(r.Category) != "").ToList();
            var items = meetings[i].Items ?? [];
            // Every category row of the seed has items in the file, and no item is in a category the meeting has no row for.
            Assert.Equal(rows.Select(r => Category(r.Category)).Order(), items.Select(x => x.Category!).Distinct().Order());
            foreach (var item in items)
            {
                var row = rows.Single(r => Category(r.Category) == item.Category);
                Assert.True(row.Items.Contains(item.Title!, StringComparison.Ordinal), $"{seed[i].Start}: '{item.Title}' is not in '{row.Items}'");
                foreach (var role in (item.Role ?? "").Split(" och ", StringSplitOptions.RemoveEmptyEntries))
                    Assert.True(row.Roles.Contains(role, StringComparison.Ordinal), $"{seed[i].Start}: role '{role}' is not in '{row.Roles}'");
            }
        }
        // The items of the 20 category rows, split as explained in the file's comments.
        Assert.Equal(20, seed.Sum(s => s.Rows.Count(r => Category(r.Category) != "")));
        Assert.Equal(48, File.ItemCount);
        Assert.Equal([2, 0, 4, 12, 9, 0, 3, 4, 8, 6], meetings.Select(m => m.Items?.Count ?? 0));
    }

    [Fact]
    public void The_reports_say_which_period_they_present()
    {
        var covered = File.Meetings!.SelectMany(m => (m.Items ?? []).Where(i => i.Covers is not null).Select(i => (m.Date, i.Title, i.Covers))).ToList();

        Assert.Contains(("2022-05-31", "Tertialrapport april", "2022-T1"), covered);
        Assert.Contains(("2022-09-27", "Delårsbokslut augusti 2021", "2022-T2"), covered);
        Assert.Contains(("2022-03-29", "Månadsrapport per februari", "2022-02"), covered);
        Assert.Equal(9, covered.Count);
    }
}
