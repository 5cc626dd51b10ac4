using Region.Contracts.Periods;
using Region.Reporting.Domain;
using Api = Region.Reporting.V1;
using static Region.Reporting.Report.ReportText;

namespace Region.Reporting.Report;

/// Renders a report for people in Swedish: the report's sections as blocks (headings, sentences,
/// tables, charts), printed as Markdown by MarkdownWriter and as a print-ready HTML page by
/// HtmlWriter. Texts stay plain here; each writer escapes every one of them for its format.
public static partial class ReportRenderer
{
    public static string Title(Api.Report r) =>
        $"Uppföljning av {Genitive(r.BodyName)} verksamhetsplan {r.PeriodParts.Year}, {r.PeriodLabel}";

    public static string Html(Api.Report r, string note = "") => HtmlWriter.Write(Title(r), Blocks(r, note));

    public static string ToMarkdown(Api.Report r, string note = "") => MarkdownWriter.Write(Blocks(r, note));

    public static List<Block> Blocks(Api.Report r, string note = "")
    {
        var period = Period.TryCreate(r.PeriodParts.Year, (PeriodKind)(int)r.PeriodParts.Kind, r.PeriodParts.Number)!.Value;
        var blocks = new List<Block> { new Heading(1, Title(r)) };
        var words = ReportVocabulary.Of(r);
        // Said on every rendering, whoever asks: the figures must not pass for the region's own.
        if (ReportText.InventedNote(r) is { } invented) blocks.Add(new Note("Påhittade uppgifter:", invented));
        if (!string.IsNullOrWhiteSpace(note)) blocks.Add(new Note("Obs:", note));
        if (r.PlanName.Length > 0)
            blocks.Add(new Paragraph($"Planen: {r.PlanName}{(r.PlanCaseNumber.Length > 0 ? $" ({r.PlanCaseNumber})" : "")}."));

        blocks.Add(new Heading(2, "Sammanfattning"));
        if (r.Summary.Count > 0) blocks.Add(new Paragraph(r.Summary.ToList()));

        if (r.Goals.Total + r.Assignments.Total > 0)
        {
            blocks.Add(new Heading(2, "Måluppfyllelse"));
            var before = period.Previous().Year == period.Year ? period.Previous().ShortLabel() : period.Previous().Label();
            var rows = new List<Row>();
            void Counts(string label, Api.StatusCounts c)
            {
                if (c.Total > 0) rows.Add(new Row([label, $"{c.Total}", $"{c.Green}", $"{c.Yellow}", $"{c.Red}", $"{c.NotMeasurable}"]));
            }
            // In the plan's words: "Uppdrag" and "Mål", or "Resultatmål" and "Mätetal".
            var (upper, lower) = (words.Assignments.Plural.Capitalise(), words.Goals.Plural.Capitalise());
            Counts($"{upper}, {period.ShortLabel()}", r.Assignments);
            Counts($"{upper}, {before}", r.PreviousAssignments);
            Counts($"{lower}, {period.ShortLabel()}", r.Goals);
            Counts($"{lower}, {before}", r.PreviousGoals);
            blocks.Add(new Table(StatusColumns("Avser", "Totalt"), rows));
            blocks.AddRange(ReportCharts.GoalStatus(r, period));
            if (r.StatusChanges.Count > 0)
            {
                blocks.Add(new Heading(3, $"Ändrad status sedan {before}"));
                blocks.Add(new Table([new("Mål"), new("Avser"), new(before), new(period.ShortLabel())],
                    r.StatusChanges.Select(c => new Row([c.Name, c.Kind == "Assignment" ? words.Assignments.Singular.Capitalise() : words.Goals.Singular.Capitalise(),
                        new Cell(StatusWord(c.PreviousStatus), c.PreviousStatus), new Cell(StatusWord(c.Status), c.Status)])).ToList()));
            }
        }

        Assignments(blocks, r);

        if (r.GoalsNotAchieved.Count > 0)
        {
            blocks.Add(new Heading(2, "Mål som inte uppnåtts"));
            blocks.Add(new Paragraph($"{r.GoalsNotAchieved.Count(g => g.Status == ReportBuilder.Red)} mål bedöms som röda och {r.GoalsNotAchieved.Count(g => g.Status == ReportBuilder.Yellow)} som gula. Nedan redovisas varje mål som inte är uppnått med utfall, målvärde och analys."));
            foreach (var g in r.GoalsNotAchieved)
            {
                blocks.Add(new Heading(3, $"{g.Name} ({StatusWord(g.Status).ToLowerInvariant()})", g.Status));
                var facts = new List<string>();
                if (g.GoalArea.Length > 0) facts.Add($"Målområde: {g.GoalArea}");
                if (g.ResponsibleUnitCode.Length > 0) facts.Add($"Ansvarig: {g.ResponsibleUnitCode}");
                if (g.Target.Length > 0) facts.Add($"Målvärde: {g.Target}");
                facts.Add(OutcomeFact(g));
                if (g.HasGenderBreakdown) facts.Add($"Kvinnor {Number(g.OutcomeWomen)}, män {Number(g.OutcomeMen)}");
                blocks.Add(new Paragraph(string.Join(". ", facts) + "."));
                blocks.Add(new Paragraph(g.Analysis.Length > 0 ? $"Analys: {g.Analysis}" : "Ingen analys har lämnats."));
            }
        }

        ScopedGoals(blocks, r);

        if (r.GoalSeries.Count > 0)
        {
            blocks.Add(new Heading(2, "Tidsserier och trend per mål"));
            blocks.Add(new Paragraph("Mål med utfall för minst två perioder, äldst först; trenden jämför de två senaste utfallen."));
            blocks.Add(SeriesTable(r, period));
        }

        if (r.Indicators.Count > 0)
        {
            blocks.Add(new Heading(2, "Indikatorer"));
            blocks.Add(new Paragraph("Indikatorerna har inget målvärde; de följs som tidsserier, äldst först."));
            blocks.Add(new Table([new("Indikator"), new("Enhet"), new("Utfall över tid")],
                r.Indicators.Select(i => new Row([i.Name, i.Unit, Series(i.Points, period)])).ToList()));
        }

        if (r.DelayedActivities.Count > 0)
        {
            blocks.Add(new Heading(2, "Försenade aktiviteter"));
            blocks.Add(new Table([new("Aktivitet"), new("Mål"), new("Slutdatum")],
                r.DelayedActivities.Select(a => new Row([a.Name, a.GoalName, a.EndDate])).ToList()));
        }

        if (r.FinancialGoals.Count > 0)
        {
            blocks.Add(new Heading(2, "Finansiella mål"));
            blocks.Add(new Table([new("Mål"), new("Målvärde"), new("Utfall", Numeric: true), new("Status")],
                r.FinancialGoals.Select(g => new Row([g.Name, g.Target, g.HasOutcome ? Number(g.OutcomeTotal) : "–", new Cell(StatusWord(g.Status), g.Status)])).ToList()));
        }

        Budget(blocks, r, period);

        if (r.Areas.Count > 0)
        {
            blocks.Add(new Heading(2, "Mål och ekonomi per område"));
            blocks.Add(new Table([new("Område"), .. StatusColumns().Skip(1), new("Budgetavvikelse (mnkr)", Numeric: true), new("Att notera")],
                r.Areas.Select(a => new Row([a.UnitName, $"{a.Goals.Green}", $"{a.Goals.Yellow}", $"{a.Goals.Red}", $"{a.Goals.NotMeasurable}", Msek(a.Deviation), Signal(a.Signal)])).ToList()));
            var notes = r.Areas.Where(a => a.Signal.Length > 0)
                .Select(a => $"{a.UnitName} har {Signal(a.Signal)} ({a.Goals.Red} röda och {a.Goals.Green} gröna mål, avvikelse {Msek(a.Deviation)} miljoner kronor).").ToList();
            if (notes.Count > 0) blocks.Add(new Paragraph(notes));
        }

        Investments(blocks, r);
        ImportFindings(blocks, r);

        blocks.Add(new Heading(2, "Behandling"));
        blocks.Add(new Paragraph(r.PresentedAt.Count == 0 ? ["Rapporten är ännu inte inplanerad på något sammanträde."] : r.PresentedAt.Select(p =>
            $"Rapporten behandlas av {r.BodyName.ToLowerInvariant()} den {SwedishDate(p.MeetingDate)}{(p.Place.Length > 0 ? $" i {p.Place}" : "")} under punkten \"{p.ItemTitle}\"{(p.ResponsibleRole.Length > 0 ? $" (föredragande: {p.ResponsibleRole})" : "")}.").ToList()));
        return blocks;
    }

    /// The counts' columns, each colour with its light: "Gröna", "Gula", "Röda", "Ej mätbara".
    internal static Column[] StatusColumns(string first = "", string total = "") =>
    [
        new(first), .. total.Length > 0 ? [new Column(total, Numeric: true)] : Array.Empty<Column>(),
        new("Gröna", true, ReportBuilder.Green), new("Gula", true, ReportBuilder.Yellow), new("Röda", true, ReportBuilder.Red),
        new("Ej mätbara", true, ReportBuilder.NotMeasurable),
    ];

    static void Investments(List<Block> blocks, Api.Report r)
    {
        if (r.Investments.Total.Objects == 0) return;
        blocks.Add(new Heading(2, "Investeringar"));
        var t = r.Investments.Total;
        var c = r.Investments.Cancelled ?? new Api.InvestmentLine();
        blocks.Add(new Paragraph(c.Objects == 0
            ? $"Investeringsplanen omfattar {t.Objects} objekt för {Ksek(t.Decided)} tkr. Hittills har {Ksek(t.Spent)} tkr förbrukats och prognosen för helåret är {Ksek(t.Forecast)} tkr."
            : $"Investeringsplanen omfattar {t.Objects + c.Objects} objekt för {Ksek(t.Decided + c.Decided)} tkr. {c.Objects} objekt för {Ksek(c.Decided)} tkr har avbrutits; "
              + $"för övriga {t.Objects} objekt ({Ksek(t.Decided)} tkr) har hittills {Ksek(t.Spent)} tkr förbrukats och prognosen för helåret är {Ksek(t.Forecast)} tkr."));
        blocks.Add(new Table([new("Kategori"), new("Objekt", true), new("Beslutat (tkr)", true), new("Förbrukat (tkr)", true), new("Prognos (tkr)", true)],
            r.Investments.ByCategory.Select(i => new Row([CategoryName(i.Key), $"{i.Objects}", Ksek(i.Decided), Ksek(i.Spent), Ksek(i.Forecast)])).ToList()));
        blocks.AddRange(ReportCharts.Investments(r));
    }

    /// The investments service's category names (InvestmentObjectState.Category) as a report writer names them.
    public static string CategoryName(string category) => category switch
    {
        "Vehicles" => "Fordon",
        "It" => "IT",
        "Property" => "Fastigheter",
        "MedicalEquipment" => "Medicinteknisk utrustning",
        "OtherEquipment" => "Övriga inventarier",
        _ => category,
    };

    static void Budget(List<Block> blocks, Api.Report r, Period period)
    {
        var b = r.Budget;
        if (b is null || (b.Rows.Count == 0 && !b.HasFinancing)) return;
        blocks.Add(new Heading(2, "Ekonomi"));
        blocks.Add(new Paragraph($"Belopp i miljoner kronor. Periodens budget och utfall avser januari–{period.MonthName()}; avvikelse = utfall − periodens budget med intäkter positiva och kostnader negativa, så positivt är bättre än budget (lägre kostnader eller högre intäkter)."));
        blocks.Add(new Table(
            [new("Enhet"), new("Ram", true), new("Periodbudget", true), new("Utfall", true), new("Avvikelse", true), new("Prognos", true), new("Prognosavvikelse", true)],
            b.Rows.Select(row => new Row([
                // Deeper than ten levels reads no better, and the page must not grow with the tree's depth.
                new Cell(row.UnitName, Indent: Math.Clamp(row.Depth, 0, 10)), Msek(row.Frame), Msek(row.PeriodBudget), Msek(row.Outcome), Msek(row.Deviation),
                row.HasForecast ? Msek(row.Forecast) : "–", row.HasForecast ? Msek(row.ForecastDeviation) : "–"])).ToList()));
        blocks.AddRange(ReportCharts.Budget(r, period));

        if (b.HasFinancing)
        {
            var f = b.Financing;
            blocks.Add(new Heading(3, "Finansiering och total nettobudget"));
            Row Line(string label, long amount) => new([label, Msek(amount)]);
            blocks.Add(new Table([new("Post"), new("mnkr", true)],
            [
                Line("Skatteintäkter", f.TaxRevenue), Line("Generella statsbidrag", f.GeneralStateGrants), Line("Läkemedelsbidrag", f.PharmaceuticalGrant),
                Line("Finansiella intäkter", f.FinancialIncome), Line("Finansiella kostnader", f.FinancialCosts), Line("Summa finansiering", f.Total),
                Line("Tjänstemannabudget", b.OfficialsNet), Line("Förtroendemannabudget", b.ElectedMembersNet),
                new Row(["Total nettobudget", Msek(b.TotalNetBudget)], Total: true),
            ]));
            blocks.Add(new Paragraph($"Total nettobudget uppgår till {Msek(b.TotalNetBudget)} miljoner kronor."));
        }

        if (b.Ledger.Count > 0)
        {
            blocks.Add(new Heading(3, "Ramjusteringar under året"));
            blocks.Add(new Paragraph(LedgerSentences(b)));
            var opening = new Row(["Årets början", r.BodyCode, "Ingående ramar", Msek(b.OpeningNet), "Ramarna som de öppnades för året", ""]);
            blocks.Add(new Table([new("Datum"), new("Enhet"), new("Typ"), new("Belopp (mnkr)", true), new("Skäl"), new("Diarienummer")],
                b.Ledger.Select(l => new Row([
                    $"{l.ChangedAt.ToDateTimeOffset():yyyy-MM-dd}", l.UnitCode + TransferDirection(l), LedgerKind(l.Kind),
                    LedgerAmount(l), l.Reason, l.CaseNumber])).Prepend(opening).ToList()));
        }

    }

    static string ColumnName(string column) => column switch
    {
        "ExternalRevenue" => "externa intäkter",
        "InternalRevenue" => "interna intäkter",
        "PersonnelCosts" => "personalkostnader",
        "Pharmaceuticals" => "läkemedel",
        "OtherExternalCosts" => "övriga externa omkostnader",
        "Depreciation" => "avskrivningar",
        "InternalCosts" => "interna kostnader",
        _ => "netto",
    };

    static string SwedishDate(string isoDate)
    {
        var d = DateOnly.ParseExact(isoDate, "yyyy-MM-dd");
        return $"{d.Day} {ReportPeriods.MonthNameOf(d.Month)} {d.Year}";
    }
}
