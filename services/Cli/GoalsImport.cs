using System.Globalization;
using Google.Rpc;
using Grpc.Core;
using Region.Goals.V1;
using Spectre.Console;

namespace Region.Cli;

/// Loads the goals service's demo data through its public gRPC API. Both kinds can run again: a plan
/// already there (with an adopted revision) is not imported twice, and an outcome, assessment or
/// activity status equal to the one in force is skipped, so no duplicate history is written.
public static class GoalsImport
{
    /// How often an outcome or assessment changed meanwhile by someone else is read and tried again.
    private const int MaxEtagRetries = 3;

    /// How long to wait for the budget service's unit events to reach the goals service's replica.
    public static TimeSpan ReplicaWait { get; set; } = TimeSpan.FromSeconds(30);

    /// kind: goals. One ImportPlan request with adopt = true: the plan as decided, announced to reporting.
    public static async Task<int> RunPlanAsync(string path, Session session, CancellationToken ct)
    {
        var data = GoalsData.Load<GoalsPlanFile>(path);
        var client = session.Goals();
        var request = data.ToRequest();
        var name = $"{request.BodyCode} {request.Year}";
        Plan? imported = null;
        var existing = (await client.ListPlansAsync(new ListPlansRequest { BodyCode = request.BodyCode, Year = request.Year }, cancellationToken: ct)).Plans.SingleOrDefault();
        await session.Out.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"Goals plan {name} ({request.Goals.Count} goals)", maxValue: 1);
            if (existing is null) imported = await ImportWhenUnitsAreKnownAsync(client, request, session, ct);
            else if (existing.Revisions.All(r => r.Status != RevisionStatus.Adopted))
            {
                var draft = existing.Revisions.MaxBy(r => r.Number)!;
                existing = await client.AdoptRevisionAsync(new AdoptRevisionRequest
                {
                    BodyCode = request.BodyCode, Year = request.Year, Revision = draft.Number, Etag = draft.Etag, AdoptedOn = request.AdoptedOn,
                }, cancellationToken: ct);
                session.Out.MarkupLine($"[yellow]Plan {Markup.Escape(name)} was there as a draft: revision {draft.Number} adopted now.[/]");
            }
            task.Increment(1);
        });
        var plan = imported ?? existing!;
        var inForce = plan.Revisions.Where(r => r.Status == RevisionStatus.Adopted).MaxBy(r => r.Number);
        if (imported is null)
            session.Out.MarkupLine($"[yellow]Plan {Markup.Escape(name)} is already there (revision {inForce?.Number} adopted {Markup.Escape(inForce?.AdoptedOn ?? "")}, {inForce?.Goals} goals): not imported again.[/]");

        var done = imported is not null;
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Step");
        table.AddColumn(new TableColumn("Done") { Alignment = Justify.Right });
        table.AddColumn(new TableColumn("Already there") { Alignment = Justify.Right });
        void Row(string step, int count) => table.AddRow(step, (done ? count : 0).ToString(Amounts.Swedish), (done ? 0 : count).ToString(Amounts.Swedish));
        Row("Plan", 1);
        Row("Strategies", request.Strategies.Count);
        Row("Goal areas", request.GoalAreas.Count);
        Row("Goals", request.Goals.Count);
        Row("Activities", request.Goals.Sum(g => g.Activities.Count));
        Row("Indicators", request.Indicators.Count);
        session.Out.Write(table);
        session.Out.MarkupLine($"Revision {inForce?.Number} in force, adopted {Markup.Escape(inForce?.AdoptedOn ?? "")}; status band: yellow from {Markup.Escape(plan.YellowFromPercent)} % of the target.");
        foreach (var finding in plan.Findings) session.Out.MarkupLine($"[yellow]Finding: {Markup.Escape(finding)}[/]");
        return ExitCodes.Ok;
    }

    /// Right after the budget import the unit events may still be on their way: an import refused only
    /// for unknown responsible units is tried again until the replica has them (or the wait is over).
    private static async Task<Plan> ImportWhenUnitsAreKnownAsync(GoalsService.GoalsServiceClient client, ImportPlanRequest request, Session session, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + ReplicaWait;
        var told = false;
        while (true)
        {
            try
            {
                return await client.ImportPlanAsync(request, cancellationToken: ct);
            }
            catch (RpcException e) when (OnlyUnknownUnits(e) && DateTime.UtcNow < deadline)
            {
                if (!told) session.Out.MarkupLine("[grey]Waiting for the org units from the budget service (import budget.yaml first)...[/]");
                told = true;
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
        }
    }

    private static bool OnlyUnknownUnits(RpcException e) =>
        e.StatusCode == StatusCode.InvalidArgument && e.GetRpcStatus()?.GetDetail<BadRequest>() is { FieldViolations.Count: > 0 } bad
        && bad.FieldViolations.All(v => v.Field.EndsWith(".responsible_unit_code", StringComparison.Ordinal));

    /// kind: goal-outcomes.
    public static async Task<int> RunOutcomesAsync(string path, Session session, CancellationToken ct)
    {
        var data = GoalsData.Load<GoalOutcomesFile>(path);
        var client = session.Goals();
        var body = data.Body!.Trim();
        if (data.Invented) session.Out.MarkupLine("[yellow]Invented example data: these outcomes and assessments are not from any document.[/]");
        var outcomes = data.Outcomes ?? [];
        var assessments = data.Assessments ?? [];
        var activities = data.Activities ?? [];
        int recorded = 0, sameOutcome = 0, assessed = 0, sameAssessment = 0, changed = 0, sameStatus = 0;

        await session.Out.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async progress =>
            {
                var outcomesTask = progress.AddTask($"Goal outcomes ({outcomes.Count})", maxValue: Math.Max(1, outcomes.Count));
                foreach (var o in outcomes)
                {
                    var wanted = new OutcomeValues { Total = GoalsData.Value(o.Value) ?? "", Women = GoalsData.Value(o.Women) ?? "", Men = GoalsData.Value(o.Men) ?? "" };
                    var (source, comment, forecast) = (o.Source?.Trim() ?? "", o.Comment?.Trim() ?? "", GoalsData.Value(o.Forecast) ?? "");
                    var scopes = (o.Scopes ?? []).Select(s => new ScopeOutcome { Scope = s.Key.Trim(), Value = GoalsData.Value(s.Value) ?? "" }).ToList();
                    var wrote = await WriteUnlessSameAsync(client, body, data.Year, o.Goal!, PeriodArgument.Parse(o.Period)!,
                        current => current.Outcome is { } had && Same(had.Outcome, wanted) && had.Source == source && had.Comment == comment && had.Invented == data.Invented
                            && SameValue(had.FullYearForecast, forecast) && SameScopes(had.Scopes, scopes),
                        current => client.RecordOutcomeAsync(new RecordOutcomeRequest
                        {
                            BodyCode = body, Year = data.Year, GoalCode = o.Goal!, Period = current.Period, Outcome = wanted,
                            Source = source, Comment = comment, Etag = current.OutcomeEtag, Invented = data.Invented, FullYearForecast = forecast,
                            Scopes = { scopes },
                        }, cancellationToken: ct).ResponseAsync, ct);
                    if (wrote) recorded++;
                    else sameOutcome++;
                    outcomesTask.Increment(1);
                }

                var assessmentsTask = progress.AddTask($"Assessments ({assessments.Count})", maxValue: Math.Max(1, assessments.Count));
                foreach (var a in assessments)
                {
                    var status = GoalsData.Statuses[a.Status!];
                    var analysis = a.Analysis!.Trim();
                    var wrote = await WriteUnlessSameAsync(client, body, data.Year, a.Goal!, PeriodArgument.Parse(a.Period)!,
                        current => current.Assessment is { } had && had.Status == status && had.Analysis == analysis,
                        current => client.AssessGoalAsync(new AssessGoalRequest
                        {
                            BodyCode = body, Year = data.Year, GoalCode = a.Goal!, Period = current.Period, Status = status, Analysis = analysis, Etag = current.AssessmentEtag,
                        }, cancellationToken: ct).ResponseAsync, ct);
                    if (wrote) assessed++;
                    else sameAssessment++;
                    assessmentsTask.Increment(1);
                }

                var activitiesTask = progress.AddTask($"Activity statuses ({activities.Count})", maxValue: Math.Max(1, activities.Count));
                var tree = activities.Count == 0 ? null : await client.GetPlanTreeAsync(new GetPlanTreeRequest { BodyCode = body, Year = data.Year }, cancellationToken: ct);
                var views = tree?.Strategies.SelectMany(s => s.Areas).SelectMany(a => a.Goals).SelectMany(g => g.Activities)
                    .ToDictionary(v => v.Activity.Code, StringComparer.OrdinalIgnoreCase) ?? [];
                foreach (var a in activities)
                {
                    var status = GoalsData.ActivityStatuses[a.Status!];
                    var comment = a.Comment?.Trim() ?? "";
                    if (!views.TryGetValue(a.Activity!, out var view))
                        throw new UsageException($"{path}: plan {body} {data.Year} has no activity '{a.Activity}'.");
                    if (view.RecordedStatus == status && view.Comment == comment) sameStatus++;
                    else
                    {
                        await client.SetActivityStatusAsync(new SetActivityStatusRequest
                        {
                            BodyCode = body, Year = data.Year, ActivityCode = a.Activity!, Status = status, Comment = comment, Etag = view.Etag,
                        }, cancellationToken: ct);
                        changed++;
                    }
                    activitiesTask.Increment(1);
                }
            });

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Step");
        table.AddColumn(new TableColumn("Done") { Alignment = Justify.Right });
        table.AddColumn(new TableColumn("Already there") { Alignment = Justify.Right });
        table.AddRow("Goal outcomes", recorded.ToString(Amounts.Swedish), sameOutcome.ToString(Amounts.Swedish));
        table.AddRow("Assessments", assessed.ToString(Amounts.Swedish), sameAssessment.ToString(Amounts.Swedish));
        table.AddRow("Activity statuses", changed.ToString(Amounts.Swedish), sameStatus.ToString(Amounts.Swedish));
        session.Out.Write(table);

        var counts = new Table().Title($"Goal status {Markup.Escape(body)} {data.Year}").Border(TableBorder.Simple);
        counts.AddColumn("Period");
        foreach (var h in new[] { "Green", "Yellow", "Red", "Not measurable", "Goals" }) counts.AddColumn(new TableColumn(h) { Alignment = Justify.Right });
        var periods = outcomes.Select(o => o.Period).Concat(assessments.Select(a => a.Period)).Select(PeriodArgument.Parse).OfType<Region.Common.V1.Period>()
            .Where(p => p.Year == data.Year).DistinctBy(PeriodArgument.Text).OrderBy(p => p.Kind).ThenBy(p => p.Number);
        foreach (var period in periods)
        {
            var c = (await client.GetStatusCountsAsync(new GetStatusCountsRequest { BodyCode = body, Year = data.Year, Period = period }, cancellationToken: ct)).Goals;
            counts.AddRow(PeriodArgument.Text(period), c.Green.ToString(Amounts.Swedish), c.Yellow.ToString(Amounts.Swedish), c.Red.ToString(Amounts.Swedish),
                c.NotMeasurable.ToString(Amounts.Swedish), c.Total.ToString(Amounts.Swedish));
        }
        session.Out.Write(counts);
        return ExitCodes.Ok;
    }

    /// Reads the goal's follow-up for the period and writes with its etag unless it already says what the
    /// file says; when someone else changed it in between (ABORTED), reads and decides again. Whether it wrote.
    private static async Task<bool> WriteUnlessSameAsync(GoalsService.GoalsServiceClient client, string body, int year, string goal, Region.Common.V1.Period period,
        Func<GoalFollowUp, bool> same, Func<GoalFollowUp, Task> write, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GoalsCommands.CurrentFollowUpAsync(client, body, year, goal, period, ct);
            if (same(current)) return false;
            try
            {
                await write(current);
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Aborted && attempt < MaxEtagRetries)
            {
            }
        }
    }

    /// The same values, whatever the decimal notation ("4.50" and "4.5"); a value the file leaves out is not compared.
    private static bool Same(OutcomeValues had, OutcomeValues wanted)
    {
        static bool Eq(string have, string want) => want.Length == 0 || D(have) == D(want);
        return Eq(had.Total, wanted.Total) && Eq(had.Women, wanted.Women) && Eq(had.Men, wanted.Men);
    }

    /// The same value or both none (a forecast left out of the file is one to clear).
    private static bool SameValue(string had, string wanted) => D(had) == D(wanted);

    /// The same scopes with the same values, in any order (the service keeps them in the target's); none in the file clears them.
    private static bool SameScopes(IReadOnlyCollection<ScopeOutcome> had, IReadOnlyCollection<ScopeOutcome> wanted) =>
        had.Count == wanted.Count && wanted.All(w => had.Any(h => string.Equals(h.Scope, w.Scope, StringComparison.OrdinalIgnoreCase) && SameValue(h.Value, w.Value)));

    private static decimal? D(string s) => s.Length == 0 ? null : decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture);
}
