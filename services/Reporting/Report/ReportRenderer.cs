using System.Text;
using Markdig;
using Region.Contracts.Periods;
using Region.Reporting.Domain;
using Api = Region.Reporting.V1;
using static Region.Reporting.Report.ReportText;

namespace Region.Reporting.Report;

/// Renders a report for people: Swedish Markdown with headings, sentences and tables, and HTML
/// made from that Markdown by Markdig (pipe tables), so both always say the same. Every text that
/// comes from data or the caller goes in through Text (MarkdownText.Escape), and Markdig passes no
/// raw HTML through, so a name can neither break a table nor put an element into the page.
public static class ReportRenderer
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    static string Text(string? text) => MarkdownText.Escape(text);

    public static string Title(Api.Report r) =>
        $"Uppföljning av {Genitive(r.BodyName)} verksamhetsplan {r.PeriodParts.Year}, {r.PeriodLabel}";

    public static string Html(Api.Report r, string note = "") =>
        $"<!DOCTYPE html>\n<html lang=\"sv\">\n<head><meta charset=\"utf-8\"><title>{System.Net.WebUtility.HtmlEncode(Title(r))}</title></head>\n<body>\n"
        + Markdig.Markdown.ToHtml(ToMarkdown(r, note), Pipeline) + "</body>\n</html>\n";

    public static string ToMarkdown(Api.Report r, string note = "")
    {
        var period = Period.TryCreate(r.PeriodParts.Year, (PeriodKind)(int)r.PeriodParts.Kind, r.PeriodParts.Number)!.Value;
        var md = new StringBuilder();
        md.AppendLine($"# {Text(Title(r))}").AppendLine();
        if (!string.IsNullOrWhiteSpace(note)) md.AppendLine($"> **Obs:** {Text(note)}").AppendLine();
        if (r.PlanName.Length > 0)
            md.AppendLine($"Planen: {Text(r.PlanName)}{(r.PlanCaseNumber.Length > 0 ? $" ({Text(r.PlanCaseNumber)})" : "")}.").AppendLine();

        md.AppendLine("## Sammanfattning").AppendLine();
        foreach (var sentence in r.Summary) md.AppendLine(Text(sentence));
        md.AppendLine();

        if (r.Goals.Total + r.Assignments.Total > 0)
        {
            md.AppendLine("## Måluppfyllelse").AppendLine();
            md.AppendLine($"| | Totalt | Gröna | Gula | Röda | Ej mätbara |").AppendLine("|---|---:|---:|---:|---:|---:|");
            void Counts(string label, Api.StatusCounts c)
            {
                if (c.Total > 0) md.AppendLine($"| {label} | {c.Total} | {c.Green} | {c.Yellow} | {c.Red} | {c.NotMeasurable} |");
            }
            var before = period.Previous().Year == period.Year ? period.Previous().ShortLabel() : period.Previous().Label();
            Counts($"Uppdrag, {period.ShortLabel()}", r.Assignments);
            Counts($"Uppdrag, {before}", r.PreviousAssignments);
            Counts($"Mål, {period.ShortLabel()}", r.Goals);
            Counts($"Mål, {before}", r.PreviousGoals);
            md.AppendLine();
        }

        if (r.GoalsNotAchieved.Count > 0)
        {
            md.AppendLine("## Mål som inte uppnåtts").AppendLine();
            md.AppendLine($"{r.GoalsNotAchieved.Count(g => g.Status == ReportBuilder.Red)} mål bedöms som röda och {r.GoalsNotAchieved.Count(g => g.Status == ReportBuilder.Yellow)} som gula. Nedan redovisas varje mål som inte är uppnått med utfall, målvärde och analys.").AppendLine();
            foreach (var g in r.GoalsNotAchieved)
            {
                md.AppendLine($"### {Text(g.Name)} ({StatusWord(g.Status).ToLowerInvariant()})").AppendLine();
                var facts = new List<string>();
                if (g.GoalArea.Length > 0) facts.Add($"Målområde: {Text(g.GoalArea)}");
                if (g.ResponsibleUnitCode.Length > 0) facts.Add($"Ansvarig: {Text(g.ResponsibleUnitCode)}");
                if (g.Target.Length > 0) facts.Add($"Målvärde: {Text(g.Target)}");
                facts.Add(g.HasOutcome ? $"Utfall: {Number(g.OutcomeTotal)}" : "Utfall: saknas för perioden");
                if (g.HasGenderBreakdown) facts.Add($"Kvinnor {Number(g.OutcomeWomen)}, män {Number(g.OutcomeMen)}");
                md.AppendLine(string.Join(". ", facts) + ".").AppendLine();
                md.AppendLine(g.Analysis.Length > 0 ? $"Analys: {Text(g.Analysis)}" : "Ingen analys har lämnats.").AppendLine();
            }
        }

        if (r.DelayedActivities.Count > 0)
        {
            md.AppendLine("## Försenade aktiviteter").AppendLine();
            md.AppendLine("| Aktivitet | Mål | Slutdatum |").AppendLine("|---|---|---|");
            foreach (var a in r.DelayedActivities) md.AppendLine($"| {Text(a.Name)} | {Text(a.GoalName)} | {Text(a.EndDate)} |");
            md.AppendLine();
        }

        if (r.FinancialGoals.Count > 0)
        {
            md.AppendLine("## Finansiella mål").AppendLine();
            md.AppendLine("| Mål | Målvärde | Utfall | Status |").AppendLine("|---|---|---:|---|");
            foreach (var g in r.FinancialGoals)
                md.AppendLine($"| {Text(g.Name)} | {Text(g.Target)} | {(g.HasOutcome ? Number(g.OutcomeTotal) : "–")} | {StatusWord(g.Status)} |");
            md.AppendLine();
        }

        RenderBudget(md, r, period);

        if (r.Areas.Count > 0)
        {
            md.AppendLine("## Mål och ekonomi per område").AppendLine();
            md.AppendLine("| Område | Gröna | Gula | Röda | Ej mätbara | Budgetavvikelse (mnkr) | Att notera |").AppendLine("|---|---:|---:|---:|---:|---:|---|");
            foreach (var a in r.Areas)
                md.AppendLine($"| {Text(a.UnitName)} | {a.Goals.Green} | {a.Goals.Yellow} | {a.Goals.Red} | {a.Goals.NotMeasurable} | {Msek(a.Deviation)} | {Signal(a.Signal)} |");
            md.AppendLine();
            foreach (var a in r.Areas.Where(a => a.Signal.Length > 0))
                md.AppendLine($"{Text(a.UnitName)} har {Signal(a.Signal)} ({a.Goals.Red} röda och {a.Goals.Green} gröna mål, avvikelse {Msek(a.Deviation)} miljoner kronor).");
            md.AppendLine();
        }

        if (r.Investments.Total.Objects > 0)
        {
            md.AppendLine("## Investeringar").AppendLine();
            var t = r.Investments.Total;
            var c = r.Investments.Cancelled ?? new Api.InvestmentLine();
            if (c.Objects == 0)
                md.AppendLine($"Investeringsplanen omfattar {t.Objects} objekt för {Ksek(t.Decided)} tkr. Hittills har {Ksek(t.Spent)} tkr förbrukats och prognosen för helåret är {Ksek(t.Forecast)} tkr.").AppendLine();
            else
                md.AppendLine($"Investeringsplanen omfattar {t.Objects + c.Objects} objekt för {Ksek(t.Decided + c.Decided)} tkr. {c.Objects} objekt för {Ksek(c.Decided)} tkr har avbrutits; "
                    + $"för övriga {t.Objects} objekt ({Ksek(t.Decided)} tkr) har hittills {Ksek(t.Spent)} tkr förbrukats och prognosen för helåret är {Ksek(t.Forecast)} tkr.").AppendLine();
            md.AppendLine("| Kategori | Objekt | Beslutat (tkr) | Förbrukat (tkr) | Prognos (tkr) |").AppendLine("|---|---:|---:|---:|---:|");
            foreach (var i in r.Investments.ByCategory) md.AppendLine($"| {Text(CategoryName(i.Key))} | {i.Objects} | {Ksek(i.Decided)} | {Ksek(i.Spent)} | {Ksek(i.Forecast)} |");
            md.AppendLine();
        }

        md.AppendLine("## Behandling").AppendLine();
        if (r.PresentedAt.Count == 0) md.AppendLine("Rapporten är ännu inte inplanerad på något sammanträde.");
        foreach (var p in r.PresentedAt)
            md.AppendLine($"Rapporten behandlas av {Text(r.BodyName.ToLowerInvariant())} den {SwedishDate(p.MeetingDate)}{(p.Place.Length > 0 ? $" i {Text(p.Place)}" : "")} under punkten \"{Text(p.ItemTitle)}\"{(p.ResponsibleRole.Length > 0 ? $" (föredragande: {Text(p.ResponsibleRole)})" : "")}.");
        return md.ToString();
    }

    /// The investments service's category names (InvestmentObjectState.Category) as a report writer names them.
    static string CategoryName(string category) => category switch
    {
        "Vehicles" => "Fordon",
        "It" => "IT",
        "Property" => "Fastigheter",
        "MedicalEquipment" => "Medicinteknisk utrustning",
        "OtherEquipment" => "Övriga inventarier",
        _ => category,
    };

    static void RenderBudget(StringBuilder md, Api.Report r, Period period)
    {
        var b = r.Budget;
        if (b is null || (b.Rows.Count == 0 && !b.HasFinancing)) return;
        md.AppendLine("## Ekonomi").AppendLine();
        md.AppendLine($"Belopp i miljoner kronor. Periodens budget och utfall avser januari–{period.MonthName()}; avvikelse = utfall − periodens budget med intäkter positiva och kostnader negativa, så positivt är bättre än budget (lägre kostnader eller högre intäkter).").AppendLine();
        md.AppendLine("| Enhet | Ram | Periodbudget | Utfall | Avvikelse | Prognos | Prognosavvikelse |").AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in b.Rows)
        {
            // Deeper than ten levels reads no better, and the page must not grow with the tree's depth.
            var indent = string.Concat(Enumerable.Repeat("&nbsp;&nbsp;", Math.Clamp(row.Depth, 0, 10)));
            md.AppendLine($"| {indent}{Text(row.UnitName)} | {Msek(row.Frame)} | {Msek(row.PeriodBudget)} | {Msek(row.Outcome)} | {Msek(row.Deviation)} | "
                + $"{(row.HasForecast ? Msek(row.Forecast) : "–")} | {(row.HasForecast ? Msek(row.ForecastDeviation) : "–")} |");
        }
        md.AppendLine();

        if (b.HasFinancing)
        {
            var f = b.Financing;
            md.AppendLine("### Finansiering och total nettobudget").AppendLine();
            md.AppendLine("| | mnkr |").AppendLine("|---|---:|");
            md.AppendLine($"| Skatteintäkter | {Msek(f.TaxRevenue)} |");
            md.AppendLine($"| Generella statsbidrag | {Msek(f.GeneralStateGrants)} |");
            md.AppendLine($"| Läkemedelsbidrag | {Msek(f.PharmaceuticalGrant)} |");
            md.AppendLine($"| Finansiella intäkter | {Msek(f.FinancialIncome)} |");
            md.AppendLine($"| Finansiella kostnader | {Msek(f.FinancialCosts)} |");
            md.AppendLine($"| Summa finansiering | {Msek(f.Total)} |");
            md.AppendLine($"| Tjänstemannabudget | {Msek(b.OfficialsNet)} |");
            md.AppendLine($"| Förtroendemannabudget | {Msek(b.ElectedMembersNet)} |");
            md.AppendLine($"| **Total nettobudget** | **{Msek(b.TotalNetBudget)}** |").AppendLine();
            md.AppendLine($"Total nettobudget uppgår till {Msek(b.TotalNetBudget)} miljoner kronor.").AppendLine();
        }

        if (b.Ledger.Count > 0)
        {
            md.AppendLine("### Ramjusteringar under året").AppendLine();
            md.AppendLine($"Budgetramarna har ändrats {b.Ledger.Count} gånger med sammanlagt {Msek(b.Ledger.Sum(l => l.Change))} miljoner kronor.").AppendLine();
            md.AppendLine("| Datum | Enhet | Typ | Belopp (mnkr) | Skäl | Diarienummer |").AppendLine("|---|---|---|---:|---|---|");
            foreach (var l in b.Ledger)
                md.AppendLine($"| {l.ChangedAt.ToDateTimeOffset():yyyy-MM-dd} | {Text(l.UnitCode)}{(l.CounterpartUnitCode.Length > 0 ? $" (mot {Text(l.CounterpartUnitCode)})" : "")} | {LedgerKind(l.Kind)} | "
                    + $"{Msek(l.Change)}{(l.AmountIsEstimate ? " (uppskattat)" : "")} | {Text(l.Reason)} | {Text(l.CaseNumber)} |");
            md.AppendLine();
        }

        if (b.Findings.Count > 0)
        {
            md.AppendLine("### Avvikelser i importerade budgettabeller").AppendLine();
            md.AppendLine($"Vid kontroll av den publicerade budgettabellen stämde {b.Findings.Count} angivna summor inte med sina delar:").AppendLine();
            foreach (var f in b.Findings)
                md.AppendLine($"- {Text(f.Location)}, {ColumnName(f.Column)}: angivet {Msek(f.Stated)}, summan av delarna {Msek(f.Computed)} (skillnad {Msek(f.Stated - f.Computed)}).");
            md.AppendLine();
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
