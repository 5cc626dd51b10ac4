using System.Linq.Expressions;
using MassTransit;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Reporting.Data;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;
using static Region.Reporting.ReadModel.ReadModelLimits;

namespace Region.Reporting.Events;

// The goals service's events: plans, goals and assignments, their statuses and outcomes per
// period, and activities. Each event of an entity carries its whole state and version.

public sealed class PlanConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<PlanCreated>(db, caller, changes, skipped, groups), IConsumer<PlanAdopted>, IConsumer<PlanRevised>
{
    protected override Task ApplyAsync(PlanCreated message, CancellationToken ct) => Apply(message, message.Plan, ct);

    public Task Consume(ConsumeContext<PlanAdopted> context) => ApplyOnceAsync(context.Message, ct => Apply(context.Message, context.Message.Plan, ct), context.CancellationToken);
    public Task Consume(ConsumeContext<PlanRevised> context) => ApplyOnceAsync(context.Message, ct => Apply(context.Message, context.Message.Plan, ct), context.CancellationToken);

    Task Apply(IIntegrationEvent message, PlanState p, CancellationToken ct) => !IsCode(p.BodyCode) ? Skip(message, "plan without a body code")
        : Db.Plans.UpsertAsync(r => r.PlanId == p.PlanId, () => new PlanRow { PlanId = p.PlanId }, p.Version,
            r =>
            {
                (r.BodyCode, r.Year, r.Name, r.CaseNumber, r.Revision) = (Input.Code(p.BodyCode), p.Year, p.Name, p.CaseNumber, p.Revision);
                r.Vocabulary = p.Vocabulary;
            }, ct);
}

public sealed class GoalConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<GoalCreated>(db, caller, changes, skipped, groups), IConsumer<GoalChanged>
{
    protected override bool WritesGoalRowsOnly => true;

    protected override Task ApplyAsync(GoalCreated message, CancellationToken ct) => Apply(message, message.Goal, ct);

    public Task Consume(ConsumeContext<GoalChanged> context) => ApplyOnceAsync(context.Message, ct => Apply(context.Message, context.Message.Goal, ct), context.CancellationToken);

    Task Apply(IIntegrationEvent message, GoalState g, CancellationToken ct)
    {
        if (!IsCode(g.BodyCode) || !IsOptionalCode(g.ResponsibleUnitCode)) return Skip(message, "goal with a code out of range");
        var responsible = Input.NullIfBlank(g.ResponsibleUnitCode) is { } unit ? Input.Code(unit) : null;
        return Db.Goals.UpsertAsync(r => r.GoalId == g.GoalId, () => new GoalRow { GoalId = g.GoalId }, g.Version, r =>
        {
            (r.PlanId, r.BodyCode, r.Year, r.Kind, r.Name, r.GoalAreaName) = (g.PlanId, Input.Code(g.BodyCode), g.Year, g.Kind, g.Name, g.GoalAreaName);
            (r.ResponsibleUnitCode, r.IsFinancialGoal, r.TargetText, r.Removed) = (responsible, g.IsFinancialGoal, g.Target?.Text, g.Removed);
            r.AssignmentId = g.AssignmentId;
        }, ct);
    }
}

/// A goal's status for a period (Green, Yellow, Red, NotMeasurable), with the analysis of a manual
/// assessment. It shares the period's row with the outcome, each half with its own version.
public sealed class GoalStatusConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<GoalStatusAssessed>(db, caller, changes, skipped, groups)
{
    protected override bool WritesGoalRowsOnly => true;

    protected override async Task ApplyAsync(GoalStatusAssessed m, CancellationToken ct)
    {
        if (!IsPeriod(m.Period))
        {
            await Skip(m, "status for a period that does not exist");
            return;
        }
        var row = GoalPeriodRow.For(m.GoalId, m.Period);
        (row.Status, row.Basis, row.Analysis, row.StatusVersion) = (m.Status, m.Basis, m.Analysis, m.Version);
        await Db.GoalPeriods.UpsertPartAsync(PeriodKey, row, nameof(GoalPeriodRow.StatusVersion), StatusPart, ct);
    }

    /// A goal's period row is one per goal and period.
    internal static readonly Expression<Func<GoalPeriodRow, object?>> PeriodKey = p => new { p.GoalId, p.Year, p.PeriodKind, p.PeriodNumber };

    static readonly HashSet<string> StatusPart =
        [nameof(GoalPeriodRow.Status), nameof(GoalPeriodRow.Basis), nameof(GoalPeriodRow.Analysis), nameof(GoalPeriodRow.StatusVersion)];
}

public sealed class GoalOutcomeConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<GoalOutcomeRecorded>(db, caller, changes, skipped, groups)
{
    protected override bool WritesGoalRowsOnly => true;

    protected override async Task ApplyAsync(GoalOutcomeRecorded m, CancellationToken ct)
    {
        if (!IsPeriod(m.Period) || !AreScopes(m.Scopes))
        {
            await Skip(m, "outcome for a period that does not exist or with scopes out of range");
            return;
        }
        var row = GoalPeriodRow.For(m.GoalId, m.Period);
        (row.OutcomeTotal, row.OutcomeWomen, row.OutcomeMen, row.OutcomeVersion, row.OutcomeInvented, row.OutcomeForecast) =
            (m.Outcome.Total, m.Outcome.Women, m.Outcome.Men, m.Version, m.Invented, m.FullYearForecast);
        // Events from before scopes were recorded carry none: the row then holds a total only.
        row.OutcomeScopes = m.Scopes?.Select(s => new GoalScopeOutcome(s.Scope.Trim(), s.Value, s.Status, s.Bound, s.TargetValue, s.Unit)).ToList();
        await Db.GoalPeriods.UpsertPartAsync(GoalStatusConsumer.PeriodKey, row, nameof(GoalPeriodRow.OutcomeVersion), OutcomePart, ct);
    }

    static readonly HashSet<string> OutcomePart = [nameof(GoalPeriodRow.OutcomeTotal), nameof(GoalPeriodRow.OutcomeWomen),
        nameof(GoalPeriodRow.OutcomeMen), nameof(GoalPeriodRow.OutcomeVersion), nameof(GoalPeriodRow.OutcomeInvented), nameof(GoalPeriodRow.OutcomeForecast),
        nameof(GoalPeriodRow.OutcomeScopes)];
}

public sealed class ActivityConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<ActivityCreated>(db, caller, changes, skipped, groups), IConsumer<ActivityStatusChanged>
{
    protected override bool WritesGoalRowsOnly => true;

    protected override Task ApplyAsync(ActivityCreated message, CancellationToken ct) => Apply(message.Activity, ct);

    public Task Consume(ConsumeContext<ActivityStatusChanged> context) =>
        ApplyOnceAsync(context.Message, ct => Apply(context.Message.Activity, ct), context.CancellationToken);

    Task Apply(ActivityState a, CancellationToken ct) => Db.Activities.UpsertAsync(r => r.ActivityId == a.ActivityId,
        () => new ActivityRow { ActivityId = a.ActivityId }, a.Version,
        r => (r.GoalId, r.PlanId, r.Name, r.StartDate, r.EndDate, r.Status, r.Removed) = (a.GoalId, a.PlanId, a.Name, a.StartDate, a.EndDate, a.Status, a.Removed), ct);
}

/// An indicator's outcome for a period (indikator: no target, followed as a time series).
public sealed class IndicatorOutcomeConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<IndicatorOutcomeRecorded>(db, caller, changes, skipped, groups)
{
    protected override Task ApplyAsync(IndicatorOutcomeRecorded m, CancellationToken ct)
    {
        if (!IsPeriod(m.Period)) return Skip(m, "indicator outcome for a period that does not exist");
        var (year, kind, number) = (m.Period.Year, m.Period.Kind, m.Period.Number);
        return Db.IndicatorOutcomes.UpsertAsync(
            r => r.IndicatorId == m.IndicatorId && r.Year == year && r.PeriodKind == kind && r.PeriodNumber == number,
            () => new IndicatorOutcomeRow { IndicatorId = m.IndicatorId, Year = year, PeriodKind = kind, PeriodNumber = number },
            m.Version, r => (r.PlanId, r.Name, r.Unit, r.Total, r.Women, r.Men) = (m.PlanId, m.IndicatorName, m.Unit, m.Outcome.Total, m.Outcome.Women, m.Outcome.Men), ct);
    }
}
