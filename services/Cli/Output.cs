using Google.Protobuf;
using Region.Budget.V1;
using Spectre.Console;

namespace Region.Cli;

/// How budget data looks on screen: MSEK with one decimal in Swedish format, one row per unit.
public static class Output
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation().WithFormatDefaultValues(true));

    /// Raw JSON, not through Spectre's markup and wrapping, so it can be piped into jq.
    public static void Json(IAnsiConsole console, IMessage message) => console.Profile.Out.Writer.WriteLine(Formatter.Format(message));

    public static Tree UnitTree(IReadOnlyList<Unit> units, string tenant)
    {
        var tree = new Tree($"[grey]tenant[/] {Markup.Escape(tenant)}");
        // Depth-first with depth: the latest node at each depth is the parent of the next deeper one.
        var parents = new List<IHasTreeNodes> { tree };
        foreach (var unit in units)
        {
            var depth = Math.Min(unit.Depth, parents.Count - 1);
            var closed = unit.ClosedFromYear > 0 ? $" [red](closed from {unit.ClosedFromYear})[/]" : "";
            var node = parents[depth].AddNode($"[bold]{Markup.Escape(unit.Code)}[/] {Markup.Escape(unit.Name)} [grey]({Level(unit.Level)})[/]{closed}");
            if (parents.Count > depth + 1) parents.RemoveRange(depth + 1, parents.Count - depth - 1);
            parents.Add(node);
        }
        return tree;
    }

    public static Table FramesTable(ListBudgetFramesResponse frames, string unit, int year)
    {
        var table = new Table().Title($"Budget frames {Markup.Escape(unit)} {year} (MSEK)").Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("Unit") { NoWrap = true, Footer = new Markup("[bold]Total[/]") });
        foreach (var c in FrameColumnInfo.All) table.AddColumn(Number(c.Header, Amounts.Msek(c.Get(frames.Total))));
        table.AddColumn(Number("Net", Amounts.Msek(FrameColumnInfo.Net(frames.Total))));
        table.AddColumn(Number("Roll-up net", Amounts.Msek(frames.Total.Net)));

        foreach (var row in frames.Units)
        {
            var label = new string(' ', 2 * row.Unit.Depth) + Markup.Escape($"{row.Unit.Code} {row.Unit.Name}")
                + (row.Frame?.Category == FrameCategory.ElectedMembers ? " [grey](elected)[/]" : "");
            var cells = new List<string> { label };
            if (row.Frame is { } frame)
            {
                cells.AddRange(FrameColumnInfo.All.Select(c => Amounts.Msek(c.Get(frame.Current))));
                cells.Add(Amounts.Msek(frame.Current.Net));
            }
            else cells.AddRange(Enumerable.Repeat("[grey]·[/]", FrameColumnInfo.All.Count + 1));
            cells.Add($"[bold]{Amounts.Msek(row.Rollup.Net)}[/]");
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    public static Table FrameTable(Frame frame)
    {
        var table = new Table()
            .Title($"{Markup.Escape(frame.UnitCode)} {frame.Year}: etag {Markup.Escape(frame.Etag)}, {frame.LedgerEntries} ledger entries (MSEK)")
            .Border(TableBorder.Simple);
        table.AddColumn("Column");
        table.AddColumn(Number("Opening"));
        table.AddColumn(Number("Adjustments"));
        table.AddColumn(Number("Current"));
        foreach (var c in FrameColumnInfo.All)
            table.AddRow(c.Header, Amounts.Msek(c.Get(frame.Opening)), Amounts.Msek(c.Get(frame.Adjustments)), Amounts.Msek(c.Get(frame.Current)));
        table.AddRow("[bold]Net[/]", Amounts.Msek(frame.Opening.Net), Amounts.Msek(frame.Adjustments.Net), $"[bold]{Amounts.Msek(frame.Current.Net)}[/]");
        return table;
    }

    public static Table LedgerTable(IEnumerable<LedgerEntry> entries)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("Date") { NoWrap = true });
        table.AddColumn("Unit");
        table.AddColumn(new TableColumn("Kind") { NoWrap = true });
        table.AddColumn(Number("Net change (MSEK)"));
        table.AddColumn("Reason");
        table.AddColumn(new TableColumn("Case") { NoWrap = true });
        table.AddColumn("Who");
        table.AddColumn("Marked");
        foreach (var e in entries)
        {
            var kind = Kind(e.Kind) + (e.CounterpartUnitCode.Length > 0 ? $" ↔ {e.CounterpartUnitCode}" : "");
            table.AddRow(
                e.ChangedAt?.ToDateTimeOffset().ToString("yyyy-MM-dd", Amounts.Swedish) ?? "",
                Markup.Escape(e.UnitCode),
                Markup.Escape(kind),
                Amounts.Msek(FrameColumnInfo.Net(e.Change)),
                Markup.Escape(e.Reason),
                Markup.Escape(e.CaseNumber),
                Markup.Escape(e.ChangedBy),
                string.Join(", ", new[] { e.AmountIsEstimate ? "[yellow]estimate[/]" : "", e.IncludedInOpening ? "[grey]in opening frame[/]" : "" }.Where(m => m.Length > 0)));
        }
        return table;
    }

    public static void Import(IAnsiConsole console, FrameTableImport import)
    {
        console.MarkupLine($"[bold]{Markup.Escape(import.BodyCode)} {import.Year}[/]: {Markup.Escape(import.Source)}");
        console.MarkupLine($"[grey]{import.Rows} rows, imported {import.ImportedAt?.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm", Amounts.Swedish)} by {Markup.Escape(import.ImportedBy)} (id {Markup.Escape(import.Id)})[/]");
        if (import.Findings.Count == 0)
        {
            console.MarkupLine("[green]No findings: every stated figure agrees with its parts.[/]");
            return;
        }
        var table = new Table().Title($"{import.Findings.Count} findings (MSEK)").Border(TableBorder.Simple);
        table.AddColumn("Location");
        table.AddColumn("Column");
        table.AddColumn(Number("Stated"));
        table.AddColumn(Number("Computed"));
        table.AddColumn(Number("Difference"));
        table.AddColumn("Why");
        foreach (var f in import.Findings)
        {
            var column = FrameColumnInfo.Describe(f.Column) + (f.Detail.Length > 0 ? $" ({f.Detail})" : "");
            table.AddRow(Markup.Escape(f.Location), Markup.Escape(column), Amounts.Msek(f.Stated), Amounts.Msek(f.Computed),
                $"[yellow]{Amounts.Msek(f.Stated - f.Computed)}[/]", Markup.Escape(f.Message));
        }
        console.Write(table);
    }

    public static Table DeviationTable(DeviationReport report)
    {
        var table = new Table().Title($"Budget deviation {report.Year}, January-{MonthName(report.ThroughMonth)} (MSEK; deviation = outcome - period budget, positive is better than budget)").Border(TableBorder.Simple);
        var total = report.Total;
        table.AddColumn(new TableColumn("Unit") { NoWrap = true, Footer = new Markup("[bold]Total[/]") });
        table.AddColumn(Number("Annual budget", Amounts.Msek(total.AnnualBudget.Net)));
        table.AddColumn(Number("Period budget", Amounts.Msek(total.PeriodBudget.Net)));
        table.AddColumn(Number("Outcome", Amounts.Msek(total.Outcome.Net)));
        table.AddColumn(Number("Deviation", Signed(total.Deviation.Net)));
        table.AddColumn(Number("Forecast", total.HasForecast ? Amounts.Msek(total.ForecastNet) : "·"));
        table.AddColumn(Number("Forecast dev.", total.HasForecast ? Signed(total.ForecastDeviation) : "·"));
        foreach (var row in report.Rows)
        {
            table.AddRow(
                $"{new string(' ', 2 * row.Unit.Depth)}{Markup.Escape(row.Unit.Code)} [grey]{Markup.Escape(row.Unit.Name)}[/]",
                Amounts.Msek(row.AnnualBudget.Net), Amounts.Msek(row.PeriodBudget.Net), Amounts.Msek(row.Outcome.Net),
                Signed(row.Deviation.Net),
                row.HasForecast ? Amounts.Msek(row.ForecastNet) : "[grey]·[/]",
                row.HasForecast ? Signed(row.ForecastDeviation) : "[grey]·[/]");
        }
        return table;
    }

    private static string Signed(long sek) => sek switch
    {
        > 0 => $"[green]{Amounts.Msek(sek)}[/]",
        < 0 => $"[red]{Amounts.Msek(sek)}[/]",
        _ => Amounts.Msek(sek),
    };

    private static string MonthName(int month) => month is >= 1 and <= 12
        ? System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)
        : month.ToString(Amounts.Swedish);

    private static TableColumn Number(string header, string? footer = null)
    {
        var column = new TableColumn(header) { Alignment = Justify.Right, NoWrap = true };
        if (footer is not null) column.Footer = new Markup($"[bold]{footer}[/]");
        return column;
    }

    public static string Level(UnitLevel level) => level switch
    {
        UnitLevel.Region => "region",
        UnitLevel.Body => "body",
        UnitLevel.Division => "division",
        UnitLevel.Area => "area",
        UnitLevel.Department => "department",
        UnitLevel.Unit => "unit",
        _ => "?",
    };

    public static string Kind(AdjustmentKind kind) => kind switch
    {
        AdjustmentKind.IndexUplift => "index uplift",
        AdjustmentKind.Prioritisation => "prioritisation",
        AdjustmentKind.Transfer => "transfer",
        AdjustmentKind.Other => "other",
        _ => "?",
    };
}
