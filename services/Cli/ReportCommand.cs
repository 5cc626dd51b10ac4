using System.CommandLine;
using Google.Protobuf;
using Region.Contracts.Periods;
using Region.Reporting.V1;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl report`: the follow-up report of a body and period from the reporting service, as
/// Swedish Markdown, HTML or JSON, to the console or a file.
public static class ReportCommand
{
    static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithIndentation());

    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var period = new Option<string>("--period") { Description = $"The follow-up period: {PeriodArgument.Help}.", Required = true, HelpName = "period" };
        var body = new Option<string>("--body") { Description = "The body whose plan is followed up.", DefaultValueFactory = _ => "RS", HelpName = "code" };
        var format = new Option<string>("--format") { Description = "md, html or json.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "html", "json");
        var note = new Option<string?>("--note") { Description = "A remark printed above the report (md and html), e.g. that some figures are example data." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the report to this file instead of the console.", HelpName = "file" };
        var command = new Command("report", "The follow-up report (goal statuses and their change, goals not achieved, activities, budget, investments) in Swedish.")
            { period, body, format, note, output };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var client = session.Reporting();
            var (bodyCode, periodText) = (parse.GetRequiredValue(body), PeriodArgument.Require(parse.GetRequiredValue(period), "--period").ToString());
            var text = parse.GetRequiredValue(format) switch
            {
                "json" => Json.Format(await client.GetReportAsync(new GetReportRequest { BodyCode = bodyCode, Period = periodText }, cancellationToken: ct)) + "\n",
                var f => (await client.RenderReportAsync(new RenderReportRequest
                {
                    BodyCode = bodyCode, Period = periodText, Format = f == "html" ? ReportFormat.Html : ReportFormat.Markdown,
                    Note = parse.GetValue(note) ?? "",
                }, cancellationToken: ct)).Content,
            };
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, text, ct);
                session.Out.MarkupLine($"Wrote {Markup.Escape(file.FullName)} ({text.Length} characters).");
            }
            else session.Out.Profile.Out.Writer.Write(text);
            return ExitCodes.Ok;
        });
        return command;
    }
}
