using Grpc.Core;
using Region.Meetings.V1;
using Spectre.Console;

namespace Region.Cli;

/// Loads a meetings data file (kind: meetings) through the public gRPC API in one ImportCalendar
/// call, which the service checks as a whole. A calendar already there is left as it is, so the
/// import can run again; either way it ends with the calendar's coverage of its follow-up plan.
public static class MeetingsImport
{
    public static async Task<int> RunAsync(string path, Session session, CancellationToken ct)
    {
        var data = MeetingsFile.Load(path);
        var client = session.Meetings();
        var request = data.ToImportRequest();
        var imported = false;
        await session.Out.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"Calendar {request.BodyCode} {request.Year} ({request.Meetings.Count} meetings, {data.ItemCount} items)", maxValue: 1);
                try
                {
                    await client.ImportCalendarAsync(request, cancellationToken: ct);
                    imported = true;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists) { }
                task.Increment(1);
            });

        var calendar = await client.GetCalendarAsync(new GetCalendarRequest { BodyCode = request.BodyCode, Year = request.Year }, cancellationToken: ct);
        if (!imported)
            session.Out.MarkupLine($"[yellow]{Markup.Escape($"{request.BodyCode} already has a calendar for {request.Year}: kept as it is, not imported again.")}[/]");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Step");
        table.AddColumn(new TableColumn("Done") { Alignment = Justify.Right });
        table.AddColumn(new TableColumn("Already there") { Alignment = Justify.Right });
        var items = calendar.Meetings.Sum(m => m.Items.Count);
        void Row(string step, int count) => table.AddRow(step, (imported ? count : 0).ToString(Amounts.Swedish), (imported ? 0 : count).ToString(Amounts.Swedish));
        Row("Meetings", calendar.Meetings.Count);
        Row("Agenda items", items);
        Row("Follow-up plan areas", calendar.Plan.Areas.Count);
        session.Out.Write(table);

        MeetingsOutput.Findings(session.Out, calendar);
        var coverage = await client.GetCoverageAsync(new GetCoverageRequest { BodyCode = request.BodyCode, Year = request.Year }, cancellationToken: ct);
        MeetingsOutput.Coverage(session.Out, coverage);
        return ExitCodes.Ok;
    }
}
