using System.CommandLine;
using Google.Protobuf;
using Region.Contracts.Periods;
using Region.Reporting.V1;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl report`: the follow-up report of a body and period from the reporting service, as
/// Swedish Markdown, HTML or JSON to the console or a file, or as PDF to a file.
public static class ReportCommand
{
    static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithIndentation());

    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var period = new Option<string>("--period") { Description = $"The follow-up period: {PeriodArgument.Help}.", Required = true, HelpName = "period" };
        var body = new Option<string>("--body") { Description = "The body whose plan is followed up.", DefaultValueFactory = _ => "RS", HelpName = "code" };
        var format = new Option<string>("--format") { Description = "md, html, pdf or json.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "html", "pdf", "json");
        var note = new Option<string?>("--note") { Description = "A remark printed above the report (md, html and pdf), e.g. that some figures are example data." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the report to this file instead of the console (a PDF always goes to a file: RS-2022-T2.pdf when not given).", HelpName = "file" };
        var command = new Command("report", "The follow-up report (goal statuses and their change, goals not achieved, activities, budget, investments) in Swedish. A period without data is said in words with the years that have it (exit 1).")
            { period, body, format, note, output };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var client = session.Reporting();
            var (bodyCode, periodText) = (parse.GetRequiredValue(body), PeriodArgument.Require(parse.GetRequiredValue(period), "--period").ToString());
            var chosen = parse.GetRequiredValue(format);
            var report = await client.GetReportAsync(new GetReportRequest { BodyCode = bodyCode, Period = periodText }, cancellationToken: ct);
            if (chosen == "json")
                return await WriteTextAsync(session, parse.GetValue(output), Json.Format(report) + "\n", ct);
            // A document of nothing would be a page of zeros that looks like a real follow-up (JSON,
            // for programs, says "nothing" in its figures). The service keeps the latest build, so
            // reading it before rendering costs little.
            if (IsEmpty(report))
                throw new NoDataException(report.YearsWithData.Count == 0
                    ? $"{report.BodyCode} has nothing to follow up (no year has any plan, goals, frames, investments or meetings). Import data first (regionctl import ...)."
                    : $"{report.BodyCode} has nothing to follow up for {periodText}: no plan, goals, frames, investments or meetings for {periodText[..4]} "
                      + $"({NoDataException.YearsWith("data", report.YearsWithData)}). Choose a period of one of those years, or import {periodText[..4]}'s data first (regionctl import ...).");
            var rendered = await client.RenderReportAsync(new RenderReportRequest
            {
                BodyCode = bodyCode, Period = periodText, Note = parse.GetValue(note) ?? "",
                Format = chosen switch { "html" => ReportFormat.Html, "pdf" => ReportFormat.Pdf, _ => ReportFormat.Markdown },
            }, cancellationToken: ct);
            if (rendered.Format != ReportFormat.Pdf) return await WriteTextAsync(session, parse.GetValue(output), rendered.Content, ct);
            // A PDF's bytes would garble a terminal: it always goes to a file.
            var file = parse.GetValue(output) ?? new FileInfo($"{bodyCode.ToUpperInvariant()}-{periodText}.pdf");
            await File.WriteAllBytesAsync(file.FullName, rendered.Document.ToByteArray(), ct);
            session.Out.MarkupLine($"Wrote {Markup.Escape(file.FullName)} ({rendered.Document.Length} bytes).");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// The same test as the reporting service's ReportBuilder.IsEmpty, which fills years_with_data then.
    static bool IsEmpty(Report r) =>
        r.PlanName.Length == 0 && r.Goals.Total == 0 && r.Assignments.Total == 0 && r.Activities.Total == 0
        && r.Budget.Rows.Count == 0 && r.Budget.Ledger.Count == 0 && r.Investments.Total.Objects == 0 && r.PresentedAt.Count == 0;

    static async Task<int> WriteTextAsync(Session session, FileInfo? file, string text, CancellationToken ct)
    {
        if (file is null)
        {
            session.Out.Profile.Out.Writer.Write(text);
            return ExitCodes.Ok;
        }
        await File.WriteAllTextAsync(file.FullName, text, ct);
        session.Out.MarkupLine($"Wrote {Markup.Escape(file.FullName)} ({text.Length} characters).");
        return ExitCodes.Ok;
    }
}
