using System.CommandLine;
using Region.Investments.V1;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl investments`: a body's investment plan as a table (kSEK) with its totals by unit
/// (subtree roll-up), kind and category, decided vs spent vs forecast.
public static class InvestmentsCommands
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var body = new Option<string>("--body") { Description = "The body whose plan to show.", DefaultValueFactory = _ => "RS", HelpName = "code" };
        var year = new Option<int>("--year") { Description = "The plan's year.", DefaultValueFactory = _ => 2022 };
        var unit = new Option<string?>("--unit") { Description = "Only objects in this unit's subtree, e.g. RST or FASTIGHET.", HelpName = "code" };
        var json = new Option<bool>("--json") { Description = "Print the response as JSON (protobuf JSON mapping) instead of a table." };
        var command = new Command("investments", "A body's investment plan: objects, status, spent and forecast in kSEK, with totals by unit, kind and category.") { body, year, unit, json };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var report = await session.Investments().GetPlanAsync(new GetPlanRequest
            {
                BodyCode = parse.GetRequiredValue(body), Year = parse.GetRequiredValue(year), UnitCode = parse.GetValue(unit) ?? "",
            }, cancellationToken: ct);
            if (parse.GetValue(json)) Output.Json(session.Out, report);
            else Write(session.Out, report, parse.GetValue(unit));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// Whole SEK as kSEK with Swedish digit grouping, e.g. 49383000 → "49 383".
    public static string Ksek(long sek) => Math.Round(sek / 1000m, 0, MidpointRounding.AwayFromZero).ToString("N0", Amounts.Swedish);

    public static void Write(IAnsiConsole console, PlanReport report, string? unit)
    {
        var plan = report.Plan;
        var scope = string.IsNullOrEmpty(unit) ? "" : $", {unit} with its subtree";
        var objects = new Table().Title(Markup.Escape($"Investments {plan.BodyCode} {plan.Year}{scope} (kSEK)")).Border(TableBorder.Simple);
        objects.AddColumn(new TableColumn("Unit") { NoWrap = true, Footer = new Markup("[bold]Total[/]") });
        objects.AddColumn("Object");
        objects.AddColumn("Kind");
        objects.AddColumn("Category");
        objects.AddColumn("Status");
        objects.AddColumn(Number("Amount", Ksek(report.Total.Amount)));
        objects.AddColumn(Number("Spent", Ksek(report.Total.SpentToDate)));
        objects.AddColumn(Number("Forecast", Ksek(report.Total.Forecast)));
        foreach (var o in report.Objects)
            objects.AddRow(Markup.Escape(o.UnitCode), Markup.Escape(o.Name) + (o.UrgentPool ? " [grey](urgent pool)[/]" : ""), Label(o.Kind), Label(o.Category),
                Label(o.Status), Ksek(o.Amount), Ksek(o.SpentToDate), o.HasForecast ? Ksek(o.Forecast) : "[grey]·[/]");
        console.Write(objects);

        var totals = new Table().Title("Totals (kSEK; cancelled objects left out)").Border(TableBorder.Simple);
        totals.AddColumn("By");
        foreach (var h in new[] { "Objects", "Amount", "Decided", "Spent", "Forecast", "Self-financed", "Loan-financed" }) totals.AddColumn(new TableColumn(h) { Alignment = Justify.Right });
        void Row(string label, Totals t) => totals.AddRow(Markup.Escape(label), t.Objects.ToString(Amounts.Swedish), Ksek(t.Amount), Ksek(t.Decided),
            Ksek(t.SpentToDate), Ksek(t.Forecast), Ksek(t.SelfFinanced), Ksek(t.LoanFinanced));
        foreach (var t in report.ByUnit) Row($"unit {t.Key}", t);
        foreach (var t in report.ByKind) Row($"kind {Label(t.Key)}", t);
        foreach (var t in report.ByCategory) Row($"category {Label(t.Key)}", t);
        Row("total", report.Total);
        console.Write(totals);
        var stated = plan.StatedTotal == 0 ? "" : $"; the document states {Ksek(plan.StatedTotal)} kSEK";
        console.MarkupLine(Markup.Escape($"Decision: {(plan.DecisionReference.Length > 0 ? plan.DecisionReference : "none yet")}{stated}."));
    }

    private static TableColumn Number(string header, string footer) =>
        new(header) { Alignment = Justify.Right, Footer = new Markup($"[bold]{footer}[/]") };

    private static string Label<T>(T value) where T : notnull => Label(value.ToString()!);

    private static string Label(string name) => name switch
    {
        "Unspecified" => "–",
        "Reinvestment" => "re-investment",
        "It" => "IT",
        "MedicalEquipment" => "medical equipment",
        "OtherEquipment" => "other equipment",
        _ => name.ToLowerInvariant(),
    };
}
