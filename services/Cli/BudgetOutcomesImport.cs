using System.Security.Cryptography;
using System.Text;
using Region.Budget.V1;
using Spectre.Console;

namespace Region.Cli;

/// A file of monthly budget outcomes and full-year forecasts (kind: budget-outcomes), e.g.
/// demo-data/rs-2022/budget-outcomes-2022.invented.yaml. Each unit says, per frame column, how far
/// the months booked differ from the frame spread evenly (1 = on budget), so the outcomes stay
/// consistent with whatever frames the budget service holds.
public sealed record BudgetOutcomesFile
{
    public string? Kind { get; init; }
    public string? Source { get; init; }
    /// Must be true for made-up figures: the report says so.
    public bool Invented { get; init; }
    public int Year { get; init; }
    /// Outcomes are recorded for January up to and including this month.
    public int ThroughMonth { get; init; }
    public List<UnitOutcomeSpec>? Units { get; init; }

    public static BudgetOutcomesFile Load(string path) => DataFile.Load<BudgetOutcomesFile>(path, f => f.Validate());

    public IReadOnlyList<string> Validate()
    {
        var p = new List<string>();
        if (Year is < 2000 or > 2100) p.Add($"year: {Year} is not a year from 2000 to 2100.");
        if (ThroughMonth is < 1 or > 12) p.Add($"through_month: {ThroughMonth} is not a month from 1 to 12.");
        if (Units is null || Units.Count == 0) p.Add("units: list the units whose outcomes to record.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (Units?.Count ?? 0); i++)
        {
            var u = Units![i];
            var path = $"units[{i}]";
            if (string.IsNullOrWhiteSpace(u.Unit)) p.Add($"{path}.unit: missing.");
            else if (!seen.Add(u.Unit)) p.Add($"{path}.unit: {u.Unit} is listed twice.");
            foreach (var (name, factor) in u.Factors ?? [])
            {
                if (FrameColumnInfo.ByYamlName(name) is null)
                    p.Add($"{path}.factors.{name}: not a frame column ({string.Join(", ", FrameColumnInfo.All.Select(c => c.YamlName))}).");
                if (factor is < 0 or > 3) p.Add($"{path}.factors.{name}: {factor} is outside 0 to 3 (1 = on budget).");
            }
            if (u.ForecastNet is { } net) BudgetFile.CheckMsek(net, $"{path}.forecast_net", p);
        }
        return p;
    }
}

/// One unit's outcomes: factors per column against the evenly spread frame, and an optional forecast.
public sealed record UnitOutcomeSpec
{
    public string? Unit { get; init; }
    public Dictionary<string, decimal>? Factors { get; init; }
    /// The full-year net the unit expects, MSEK with one decimal.
    public decimal? ForecastNet { get; init; }
    public string? Comment { get; init; }

    public decimal Factor(FrameColumnInfo column) => Factors?.GetValueOrDefault(column.YamlName, 1m) ?? 1m;
}

/// Records a budget-outcomes file: one RecordOutcomes batch per month (its request id is derived
/// from the file's content, so running the same file again changes nothing), then the forecasts.
public static class BudgetOutcomesImport
{
    public static async Task<int> RunAsync(string path, Session session, CancellationToken ct)
    {
        var data = BudgetOutcomesFile.Load(path);
        var contentId = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path, ct)))[..12];
        var client = session.Budget();
        var units = data.Units!;
        int recorded = 0, alreadyRecorded = 0, forecasts = 0;
        if (data.Invented) session.Out.MarkupLine("[yellow]These outcomes are invented example figures, not the region's.[/]");

        await session.Out.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async progress =>
            {
                var framesTask = progress.AddTask($"Frames ({units.Count} units)", maxValue: units.Count);
                var frames = new Dictionary<string, FrameAmounts>(StringComparer.OrdinalIgnoreCase);
                foreach (var unit in units)
                {
                    var frame = await client.GetFrameAsync(new GetFrameRequest { UnitCode = unit.Unit!, Year = data.Year }, cancellationToken: ct);
                    frames[unit.Unit!] = frame.Current;
                    framesTask.Increment(1);
                }

                var monthsTask = progress.AddTask($"Outcomes {data.Year}-01..{data.Year}-{data.ThroughMonth:00}", maxValue: data.ThroughMonth);
                for (var month = 1; month <= data.ThroughMonth; month++)
                {
                    var request = new RecordOutcomesRequest { RequestId = $"budget-outcomes:{contentId}:{data.Year}-{month:00}", Invented = data.Invented };
                    foreach (var unit in units)
                    foreach (var column in FrameColumnInfo.All)
                    {
                        var monthly = column.Get(frames[unit.Unit!]) / 12m * unit.Factor(column);
                        request.Lines.Add(new OutcomeLine
                        {
                            UnitCode = unit.Unit!, Year = data.Year, Month = month, Column = column.Column,
                            Amount = (long)decimal.Round(monthly, 0, MidpointRounding.AwayFromZero),
                        });
                    }
                    var response = await client.RecordOutcomesAsync(request, cancellationToken: ct);
                    if (response.AlreadyRecorded) alreadyRecorded += response.Recorded;
                    else recorded += response.Recorded;
                    monthsTask.Increment(1);
                }

                foreach (var unit in units.Where(u => u.ForecastNet is not null))
                {
                    await client.RecordForecastAsync(new RecordForecastRequest
                    {
                        UnitCode = unit.Unit!, Year = data.Year, Net = Amounts.SekFromMsek(unit.ForecastNet!.Value),
                        Comment = unit.Comment?.Trim() ?? "", Invented = data.Invented,
                    }, cancellationToken: ct);
                    forecasts++;
                }
            });

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Step");
        table.AddColumn(new TableColumn("Done") { Alignment = Justify.Right });
        table.AddColumn(new TableColumn("Already there") { Alignment = Justify.Right });
        table.AddRow("Outcome lines", recorded.ToString(Amounts.Swedish), alreadyRecorded.ToString(Amounts.Swedish));
        table.AddRow("Forecasts", forecasts.ToString(Amounts.Swedish), "0");
        session.Out.Write(table);
        return ExitCodes.Ok;
    }
}
