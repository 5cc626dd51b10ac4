using Grpc.Core;
using Region.Investments.V1;
using Spectre.Console;

namespace Region.Cli;

/// Loads the investments service's demo data through its public gRPC API. Both kinds can run
/// again: a plan already there is not imported twice, and a status, spending or forecast the object
/// already has (same day or later) is skipped.
public static class InvestmentsImport
{
    /// kind: investments.
    public static async Task<int> RunPlanAsync(string path, Session session, CancellationToken ct)
    {
        var data = InvestmentsFile.Load<InvestmentPlanFile>(path);
        var client = session.Investments();
        var request = data.ToRequest();
        var imported = false;
        await session.Out.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"Investment plan {request.BodyCode} {request.Year} ({request.Rows.Count} objects)", maxValue: 1);
            try
            {
                var response = await client.ImportPlanTableAsync(request, cancellationToken: ct);
                imported = true;
                foreach (var f in response.Findings)
                    session.Out.MarkupLine($"[yellow]Finding: {Markup.Escape(f.Location)}: stated {InvestmentsCommands.Ksek(f.Stated)} kSEK, rows {InvestmentsCommands.Ksek(f.Computed)} kSEK. {Markup.Escape(f.Message)}[/]");
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
            {
                session.Out.MarkupLine($"[yellow]{request.BodyCode} already has its {request.Year} investment plan: not imported again.[/]");
            }
            task.Increment(1);
        });
        var plan = await client.GetPlanAsync(new GetPlanRequest { BodyCode = request.BodyCode, Year = request.Year }, cancellationToken: ct);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Step");
        table.AddColumn(new TableColumn("Done") { Alignment = Justify.Right });
        table.AddColumn(new TableColumn("Already there") { Alignment = Justify.Right });
        table.AddRow("Investment plan", imported ? "1" : "0", imported ? "0" : "1");
        table.AddRow("Objects", imported ? request.Rows.Count.ToString(Amounts.Swedish) : "0", imported ? "0" : plan.Objects.Count.ToString(Amounts.Swedish));
        session.Out.Write(table);
        var stated = plan.Plan.StatedTotal == 0 ? "" : $" (stated {InvestmentsCommands.Ksek(plan.Plan.StatedTotal)} kSEK)";
        session.Out.MarkupLine($"Total {InvestmentsCommands.Ksek(plan.Total.Amount)} kSEK in {plan.Total.Objects} objects{Markup.Escape(stated)}.");
        return ExitCodes.Ok;
    }

    /// kind: investment-spending.
    public static async Task<int> RunSpendingAsync(string path, Session session, CancellationToken ct)
    {
        var data = InvestmentsFile.Load<InvestmentSpendingFile>(path);
        var client = session.Investments();
        var plan = await client.GetPlanAsync(new GetPlanRequest { BodyCode = data.Plan!.Body!, Year = data.Plan.Year }, cancellationToken: ct);
        var objects = plan.Objects.ToDictionary(o => (o.UnitCode.ToUpperInvariant(), o.Name), o => o);
        var missing = data.Records!.Select((r, i) => (r, i)).Where(x => !objects.ContainsKey((x.r.Unit!.ToUpperInvariant(), x.r.Name!)))
            .Select(x => $"  records[{x.i}]: {x.r.Unit} has no object '{x.r.Name}' in the {data.Plan.Year} plan.").ToList();
        if (missing.Count > 0) throw new UsageException([$"{path}: {missing.Count} record(s) name no object (import the plan first):", .. missing]);
        if (data.Invented) session.Out.MarkupLine("[yellow]Invented example data: not from any document.[/]");

        int statuses = 0, spending = 0, forecasts = 0, kept = 0;
        var records = data.Records!.OrderBy(r => r.Day).ToList();
        await session.Out.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"Spending records ({records.Count})", maxValue: records.Count);
            foreach (var r in records)
            {
                var key = (r.Unit!.ToUpperInvariant(), r.Name!);
                var o = objects[key];
                var day = r.Day!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                foreach (var step in StepsTo(o.Status, InvestmentsFile.Status(r.Status)))
                {
                    o = await client.ChangeStatusAsync(new ChangeStatusRequest { Id = o.Id, Etag = o.Etag, Status = step }, cancellationToken: ct);
                    statuses++;
                }
                if (r.SpentKsek is { } spent)
                {
                    if (string.CompareOrdinal(o.SpentAsOf, day) < 0)
                    {
                        o = await client.RecordSpendingAsync(new RecordSpendingRequest { Id = o.Id, Etag = o.Etag, SpentToDate = spent * 1000, AsOf = day, Invented = data.Invented }, cancellationToken: ct);
                        spending++;
                    }
                    else kept++;
                }
                if (r.ForecastKsek is { } forecast)
                {
                    if (string.CompareOrdinal(o.ForecastAsOf, day) < 0)
                    {
                        o = await client.RecordForecastAsync(new RecordForecastRequest { Id = o.Id, Etag = o.Etag, Forecast = forecast * 1000, AsOf = day, Invented = data.Invented }, cancellationToken: ct);
                        forecasts++;
                    }
                    else kept++;
                }
                objects[key] = o;
                task.Increment(1);
            }
        });
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Step");
        table.AddColumn(new TableColumn("Done") { Alignment = Justify.Right });
        table.AddRow("Status changes", statuses.ToString(Amounts.Swedish));
        table.AddRow("Spending recorded", spending.ToString(Amounts.Swedish));
        table.AddRow("Forecasts recorded", forecasts.ToString(Amounts.Swedish));
        table.AddRow("Already there", kept.ToString(Amounts.Swedish));
        session.Out.Write(table);
        return ExitCodes.Ok;
    }

    private static readonly InvestmentStatus[] Forward = [InvestmentStatus.Planned, InvestmentStatus.Decided, InvestmentStatus.Started, InvestmentStatus.Completed];

    /// The lifecycle steps from the object's status to the wanted one; none when it is there or past it.
    public static IEnumerable<InvestmentStatus> StepsTo(InvestmentStatus current, InvestmentStatus wanted)
    {
        if (wanted == InvestmentStatus.Unspecified || current == InvestmentStatus.Cancelled) return [];
        if (wanted == InvestmentStatus.Cancelled) return current == InvestmentStatus.Completed ? [] : [InvestmentStatus.Cancelled];
        var from = Array.IndexOf(Forward, current);
        var to = Array.IndexOf(Forward, wanted);
        return to > from ? Forward[(from + 1)..(to + 1)] : [];
    }
}
