using Grpc.Core;
using Region.Budget.V1;
using Spectre.Console;

namespace Region.Cli;

/// Loads a budget data file (kind: budget) through the public gRPC API. Every step can run again:
/// existing units are kept, a table whose frames are open is not imported twice, and a ledger
/// entry whose reason the unit's ledger already has is skipped.
public static class BudgetImport
{
    private const int MaxEtagRetries = 3;

    public static async Task<int> RunAsync(string path, Session session, CancellationToken ct)
    {
        // Read and check the whole file before any call, so a typo never leaves half an import.
        var data = BudgetFile.Load(path);
        var run = new ImportRun(session.Budget(), data);
        await session.Out.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(ctx => run.ExecuteAsync(ctx, ct));
        run.Report(session.Out);
        return ExitCodes.Ok;
    }

    /// A frame-table import refused only because its frames are open already: it ran before.
    internal static bool OnlyAlreadyOpen(RpcException e)
    {
        var violations = e.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations;
        return violations is { Count: > 0 }
            ? violations.All(v => v.Description.Contains("already open", StringComparison.OrdinalIgnoreCase))
            : e.Status.Detail.Contains("already open", StringComparison.OrdinalIgnoreCase);
    }

    /// One import: the calls, what each step did, and the findings to show at the end.
    private sealed class ImportRun(BudgetService.BudgetServiceClient client, BudgetFile data)
    {
        private readonly List<string> _notes = [];
        private int _unitsCreated, _unitsKept, _entriesAdded, _entriesKept;
        private bool _tableImported;
        private FrameTableImport? _import;

        public async Task ExecuteAsync(ProgressContext progress, CancellationToken ct)
        {
            var units = data.Units!;
            var entries = data.Ledger?.Entries ?? [];
            var unitsTask = progress.AddTask($"Units ({units.Count})", maxValue: units.Count);
            var tableTask = progress.AddTask($"Frame table {data.FrameTable!.Body} {data.FrameTable.Year}", maxValue: 1);
            var ledgerTask = progress.AddTask($"Ledger ({entries.Count} entries)", maxValue: Math.Max(entries.Count, 1));

            foreach (var unit in units)
            {
                await EnsureUnitAsync(unit, ct);
                unitsTask.Increment(1);
            }
            if (_unitsCreated == 0)
            {
                // Nothing new was announced, so a service started since the units were created (a new
                // service, a wiped replica) would never learn them: have the budget service re-announce
                // its state. Its consumers apply only newer versions, so the others ignore it.
                var snapshot = await client.AnnounceSnapshotAsync(new Region.Common.V1.AnnounceSnapshotRequest(), cancellationToken: ct);
                _notes.Add($"The units were already there: the budget service re-announced its state ({snapshot.Events} events) for services that joined since.");
            }
            await ImportTableAsync(ct);
            tableTask.Increment(1);
            if (data.Ledger is { } ledger)
            {
                if (ledger.IncludedInFrames)
                    _notes.Add("The ledger's changes are already in the printed frames: recorded with their amounts, marked as included in the opening frame, without moving the frames again.");
                var year = ledger.EffectiveYear(data.FrameTable);
                var known = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
                foreach (var entry in entries)
                {
                    await ApplyAsync(entry, year, ledger.IncludedInFrames, known, ct);
                    ledgerTask.Increment(1);
                }
            }
            ledgerTask.Value = ledgerTask.MaxValue;
        }

        private async Task EnsureUnitAsync(UnitSpec unit, CancellationToken ct)
        {
            try
            {
                var existing = await client.GetUnitAsync(new GetUnitRequest { Code = unit.Code! }, cancellationToken: ct);
                _unitsKept++;
                if (existing.Level != unit.ProtoLevel || !string.Equals(existing.ParentCode, unit.Parent ?? "", StringComparison.OrdinalIgnoreCase))
                    _notes.Add($"Unit {unit.Code} exists as a {Output.Level(existing.Level)} under '{existing.ParentCode}'; the file says {unit.Level} under '{unit.Parent}'. Kept as it is.");
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { }
            try
            {
                await client.CreateUnitAsync(new CreateUnitRequest { Code = unit.Code!, Name = unit.Name!.Trim(), Level = unit.ProtoLevel, ParentCode = unit.Parent ?? "" }, cancellationToken: ct);
                _unitsCreated++;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
            {
                // Someone else created it between our read and our create: the goal is reached.
                _unitsKept++;
            }
        }

        private async Task ImportTableAsync(CancellationToken ct)
        {
            var request = data.ToImportRequest();
            try
            {
                _import = await client.ImportFrameTableAsync(request, cancellationToken: ct);
                _tableImported = true;
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument && OnlyAlreadyOpen(e))
            {
                _notes.Add($"The {request.Year} frames of {request.BodyCode}'s table are already open: the table was imported before, not again.");
            }
            // Show the findings of the import that opened them, if it was one.
            var imports = await client.ListFrameTableImportsAsync(new ListFrameTableImportsRequest { BodyCode = request.BodyCode, Year = request.Year }, cancellationToken: ct);
            _import = imports.Imports.LastOrDefault();
        }

        private async Task ApplyAsync(LedgerEntrySpec entry, int year, bool includedInFrames, Dictionary<string, HashSet<string>> known, CancellationToken ct)
        {
            var reason = entry.Reason!.Trim();
            var unit = entry.IsTransfer ? entry.To! : entry.Unit!;
            if (!known.TryGetValue(unit, out var reasons))
            {
                var ledger = await client.ListLedgerAsync(new ListLedgerRequest { UnitCode = unit, Year = year }, cancellationToken: ct);
                known[unit] = reasons = ledger.Entries.Select(e => e.Reason).ToHashSet();
            }
            if (reasons.Contains(reason))
            {
                _entriesKept++;
                return;
            }
            await WithFreshEtagsAsync(async () =>
            {
                if (entry.IsTransfer) await TransferAsync(entry, year, reason, ct);
                else await AdjustAsync(entry, year, reason, includedInFrames, ct);
            });
            reasons.Add(reason);
            _entriesAdded++;
        }

        private async Task AdjustAsync(LedgerEntrySpec entry, int year, string reason, bool includedInFrames, CancellationToken ct)
        {
            var frame = await client.GetFrameAsync(new GetFrameRequest { UnitCode = entry.Unit!, Year = year }, cancellationToken: ct);
            await client.AdjustFrameAsync(new AdjustFrameRequest
            {
                UnitCode = entry.Unit!,
                Year = year,
                Etag = frame.Etag,
                Kind = BudgetCommands.ToKind(entry.Kind!),
                // Already in the printed frame: the amount is recorded as such, and the service does
                // not move the frame by it a second time.
                Change = entry.ChangeAmounts(),
                IncludedInOpening = includedInFrames,
                Reason = reason,
                CaseNumber = entry.Case ?? "",
                AmountIsEstimate = entry.Estimate,
            }, cancellationToken: ct);
        }

        private async Task TransferAsync(LedgerEntrySpec entry, int year, string reason, CancellationToken ct)
        {
            var from = await client.GetFrameAsync(new GetFrameRequest { UnitCode = entry.From!, Year = year }, cancellationToken: ct);
            var to = await client.GetFrameAsync(new GetFrameRequest { UnitCode = entry.To!, Year = year }, cancellationToken: ct);
            await client.TransferFrameAsync(new TransferFrameRequest
            {
                FromUnitCode = entry.From!,
                ToUnitCode = entry.To!,
                Year = year,
                FromEtag = from.Etag,
                ToEtag = to.Etag,
                Change = entry.ChangeAmounts(),
                Reason = reason,
                CaseNumber = entry.Case ?? "",
            }, cancellationToken: ct);
        }

        /// A stale etag (someone changed the frame between our read and our write) is worth a re-read.
        private static async Task WithFreshEtagsAsync(Func<Task> call)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await call();
                    return;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Aborted && attempt < MaxEtagRetries) { }
            }
        }

        public void Report(IAnsiConsole console)
        {
            foreach (var note in _notes) console.MarkupLine($"[yellow]{Markup.Escape(note)}[/]");
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn("Step");
            table.AddColumn(new TableColumn("Done") { Alignment = Justify.Right });
            table.AddColumn(new TableColumn("Already there") { Alignment = Justify.Right });
            table.AddRow("Units", _unitsCreated.ToString(Amounts.Swedish), _unitsKept.ToString(Amounts.Swedish));
            table.AddRow("Frame table", _tableImported ? "1" : "0", _tableImported ? "0" : "1");
            table.AddRow("Ledger entries", _entriesAdded.ToString(Amounts.Swedish), _entriesKept.ToString(Amounts.Swedish));
            console.Write(table);
            if (_import is null) console.MarkupLine("[grey]No frame-table import is recorded for this body and year.[/]");
            else Output.Import(console, _import);
        }
    }
}
