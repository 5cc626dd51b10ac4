using System.Collections.Concurrent;
using System.Globalization;
using Grpc.Core;
using Region.Budget.V1;
using Region.Goals.V1;
using Spectre.Console;
using CommonPeriod = Region.Common.V1.Period;

namespace Region.Cli;

/// Loads a LargeRegion through the public gRPC APIs, a progress bar per stage, in batches where an
/// import or bulk call exists (frame tables, outcome batches, plans, investment tables, calendars)
/// and with a few calls in flight where none does (units, goal outcomes). Every stage looks first at
/// what is there, so a second run adds only what is missing and says what it kept.
public static class LargeRegionLoad
{
    /// Calls in flight for the stages that go one row a call.
    private const int InFlight = 8;

    public static async Task<int> RunAsync(LargeRegion region, Session session, CancellationToken ct)
    {
        var load = new Stages(region, session);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        session.Out.MarkupLine($"Generating region {LargeRegion.RootCode} (seed {region.Seed}, scale {region.ScaleText}): {region.Bodies.Count} bodies, "
            + $"{region.Units.Count} units, {region.Plans.Sum(p => p.Goals.Count)} goals, {region.InvestmentPlans.Sum(p => p.Rows.Count)} investments, "
            + $"{region.Calendars.Sum(c => c.Meetings.Count)} meetings.");
        await session.Out.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(progress => load.ExecuteAsync(progress, ct));
        load.Report(session.Out);
        session.Out.MarkupLine($"Done in {clock.Elapsed.TotalSeconds.ToString("0.0", Amounts.Swedish)} s.");
        session.Out.MarkupLine($"Bodies {Markup.Escape(string.Join(", ", region.Bodies))}; try [bold]regionctl report --body {region.Bodies[0]} --period {LargeRegion.Year}-T3[/].");
        return ExitCodes.Ok;
    }

    /// One run's stages and what each did: (done, already there) per step.
    private sealed class Stages(LargeRegion region, Session session)
    {
        private readonly BudgetService.BudgetServiceClient _budget = session.Budget();
        private readonly GoalsService.GoalsServiceClient _goals = session.Goals();
        private readonly List<(string Step, int Done, int Kept)> _steps = [];

        public async Task ExecuteAsync(ProgressContext progress, CancellationToken ct)
        {
            await UnitsAsync(progress.AddTask($"Units ({region.Units.Count})", maxValue: region.Units.Count), ct);
            await FrameTablesAsync(progress.AddTask($"Frame tables ({region.FrameTables.Count})", maxValue: region.FrameTables.Count), ct);
            await BudgetOutcomesAsync(progress.AddTask($"Budget outcomes ({region.BudgetOutcomes.Count} batches, 24 months)", maxValue: region.BudgetOutcomes.Count), ct);
            await PlansAsync(progress.AddTask($"Goal plans ({region.Plans.Count}, {region.Plans.Sum(p => p.Goals.Count)} goals)", maxValue: region.Plans.Count), ct);
            await GoalOutcomesAsync(progress.AddTask($"Goal outcomes ({region.GoalOutcomes.Count}, 3 tertials)", maxValue: region.GoalOutcomes.Count), ct);
            await InvestmentsAsync(progress.AddTask($"Investment plans ({region.InvestmentPlans.Count})", maxValue: region.InvestmentPlans.Count), ct);
            await CalendarsAsync(progress.AddTask($"Meeting calendars ({region.Calendars.Count})", maxValue: region.Calendars.Count), ct);
        }

        /// Parents before children: one level at a time, the units of a level side by side.
        private async Task UnitsAsync(ProgressTask task, CancellationToken ct)
        {
            var existing = await ExistingUnitsAsync(ct);
            int created = 0, kept = 0;
            foreach (var level in region.Units.GroupBy(u => u.Level).OrderBy(g => g.Key))
                await Parallel.ForEachAsync(level, Options(ct), async (unit, token) =>
                {
                    var made = !existing.Contains(unit.Code) && await CreateUnitAsync(unit, token);
                    Interlocked.Increment(ref made ? ref created : ref kept);
                    task.Increment(1);
                });
            _steps.Add(("Units", created, kept));
        }

        private async Task<HashSet<string>> ExistingUnitsAsync(CancellationToken ct)
        {
            var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var request = new ListUnitsRequest { RootCode = LargeRegion.RootCode, PageSize = 1000 };
            try
            {
                do
                {
                    var page = await _budget.ListUnitsAsync(request, cancellationToken: ct);
                    codes.UnionWith(page.Units.Select(u => u.Code));
                    request.PageToken = page.NextPageToken;
                } while (request.PageToken.Length > 0);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { }
            return codes;
        }

        /// Whether this call created it (false: someone created it meanwhile).
        private async Task<bool> CreateUnitAsync(CreateUnitRequest unit, CancellationToken ct)
        {
            try
            {
                await _budget.CreateUnitAsync(unit, cancellationToken: ct);
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
            {
                return false;
            }
        }

        private async Task FrameTablesAsync(ProgressTask task, CancellationToken ct)
        {
            int imported = 0, kept = 0;
            foreach (var table in region.FrameTables)
            {
                try
                {
                    await _budget.ImportFrameTableAsync(table, cancellationToken: ct);
                    imported++;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument && BudgetImport.OnlyAlreadyOpen(e))
                {
                    kept++;
                }
                task.Increment(1);
            }
            _steps.Add(("Frame tables", imported, kept));
        }

        private async Task BudgetOutcomesAsync(ProgressTask task, CancellationToken ct)
        {
            int recorded = 0, kept = 0;
            foreach (var batch in region.BudgetOutcomes)
            {
                var response = await _budget.RecordOutcomesAsync(batch, cancellationToken: ct);
                if (response.AlreadyRecorded) kept += batch.Lines.Count;
                else recorded += response.Recorded;
                task.Increment(1);
            }
            _steps.Add(("Budget outcome lines", recorded, kept));
        }

        private async Task PlansAsync(ProgressTask task, CancellationToken ct)
        {
            int imported = 0, kept = 0;
            foreach (var plan in region.Plans)
            {
                var existing = await _goals.ListPlansAsync(new ListPlansRequest { BodyCode = plan.BodyCode, Year = plan.Year }, cancellationToken: ct);
                if (existing.Plans.Count > 0) kept += plan.Goals.Count;
                else
                {
                    await WhenUnitsAreKnownAsync(() => _goals.ImportPlanAsync(plan, cancellationToken: ct).ResponseAsync, ct);
                    imported += plan.Goals.Count;
                }
                task.Increment(1);
            }
            _steps.Add(("Goals (in plans)", imported, kept));
        }

        /// What each goal has per tertial is read a page of a thousand at a time; only a goal whose
        /// outcome differs is recorded, with the etag "0" when it has none yet.
        private async Task GoalOutcomesAsync(ProgressTask task, CancellationToken ct)
        {
            var recorded = new ConcurrentDictionary<(string Body, string Goal, int Tertial), string>();
            foreach (var (body, tertial) in region.GoalOutcomes.Select(o => (o.Body, o.Tertial)).Distinct())
            {
                var period = region.GoalOutcomes.First(o => o.Body == body && o.Tertial == tertial).Period;
                var request = new ListGoalsRequest { BodyCode = body, Year = LargeRegion.Year, Period = period, PageSize = 1000 };
                do
                {
                    var page = await _goals.ListGoalsAsync(request, cancellationToken: ct);
                    foreach (var view in page.Goals.Where(v => v.Outcome is { Total.Length: > 0 }))
                        recorded[(body, view.Goal.Code, tertial)] = view.Outcome.Total;
                    request.PageToken = page.NextPageToken;
                } while (request.PageToken.Length > 0);
            }
            int written = 0, kept = 0;
            await Parallel.ForEachAsync(region.GoalOutcomes, Options(ct), async (outcome, token) =>
            {
                var had = recorded.GetValueOrDefault((outcome.Body, outcome.Goal, outcome.Tertial));
                var same = had is not null && decimal.Parse(had, CultureInfo.InvariantCulture) == decimal.Parse(outcome.Value, CultureInfo.InvariantCulture);
                if (!same) await RecordAsync(outcome, had is null ? "0" : null, token);
                Interlocked.Increment(ref same ? ref kept : ref written);
                task.Increment(1);
            });
            _steps.Add(("Goal outcomes", written, kept));
        }

        /// etag null: read the goal's follow-up for it first. A stale etag (ABORTED) is read and tried once more.
        private async Task RecordAsync(GeneratedGoalOutcome outcome, string? etag, CancellationToken ct)
        {
            for (var attempt = 1; ; attempt++)
            {
                etag ??= (await GoalsCommands.CurrentFollowUpAsync(_goals, outcome.Body, LargeRegion.Year, outcome.Goal, outcome.Period, ct)).OutcomeEtag;
                try
                {
                    await _goals.RecordOutcomeAsync(new RecordOutcomeRequest
                    {
                        BodyCode = outcome.Body, Year = LargeRegion.Year, GoalCode = outcome.Goal, Period = outcome.Period,
                        Outcome = new OutcomeValues { Total = outcome.Value }, Source = "regionctl generate", Etag = etag, Invented = true,
                    }, cancellationToken: ct);
                    return;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Aborted && attempt < 2)
                {
                    etag = null;
                }
            }
        }

        private Task InvestmentsAsync(ProgressTask task, CancellationToken ct)
        {
            var investments = session.Investments();
            return ImportEachAsync("Investment objects", region.InvestmentPlans, plan => plan.Rows.Count,
                plan => investments.ImportPlanTableAsync(plan, cancellationToken: ct).ResponseAsync, task, ct);
        }

        private Task CalendarsAsync(ProgressTask task, CancellationToken ct)
        {
            var meetings = session.Meetings();
            return ImportEachAsync("Meetings", region.Calendars, calendar => calendar.Meetings.Count,
                calendar => meetings.ImportCalendarAsync(calendar, cancellationToken: ct).ResponseAsync, task, ct);
        }

        /// One import call per item; an item the service already has (ALREADY_EXISTS) counts as kept.
        private async Task ImportEachAsync<TItem, TResponse>(string step, IEnumerable<TItem> items, Func<TItem, int> rows,
            Func<TItem, Task<TResponse>> import, ProgressTask task, CancellationToken ct)
        {
            int imported = 0, kept = 0;
            foreach (var item in items)
            {
                try
                {
                    await WhenUnitsAreKnownAsync(() => import(item), ct);
                    imported += rows(item);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
                {
                    kept += rows(item);
                }
                task.Increment(1);
            }
            _steps.Add((step, imported, kept));
        }

        /// The units were just created at the budget service; the other services learn them by event a
        /// moment later. The generated data is valid, so a refusal for a unknown unit (INVALID_ARGUMENT
        /// or NOT_FOUND) is that delay: tried again until GoalsImport.ReplicaWait is over.
        private static async Task<T> WhenUnitsAreKnownAsync<T>(Func<Task<T>> call, CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + GoalsImport.ReplicaWait;
            while (true)
            {
                try
                {
                    return await call();
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                }
            }
        }

        private static ParallelOptions Options(CancellationToken ct) => new() { MaxDegreeOfParallelism = InFlight, CancellationToken = ct };

        public void Report(IAnsiConsole console)
        {
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn("Step");
            table.AddColumn(new TableColumn("Done") { Alignment = Justify.Right });
            table.AddColumn(new TableColumn("Already there") { Alignment = Justify.Right });
            foreach (var (step, done, kept) in _steps) table.AddRow(step, done.ToString(Amounts.Swedish), kept.ToString(Amounts.Swedish));
            console.Write(table);
        }
    }
}
