using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.Reporting.Domain;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Events;

// Thin adapters from the goals, investments and meetings services' events to PlanReadModel.

public sealed class PlanConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<PlanCreated>(db, caller, changes), MassTransit.IConsumer<PlanAdopted>, MassTransit.IConsumer<PlanRevised>
{
    protected override Task ApplyAsync(PlanCreated message, CancellationToken ct) => Apply(message.Plan, ct);

    public Task Consume(MassTransit.ConsumeContext<PlanAdopted> context) => ConsumeAs(context, context.Message.Plan);
    public Task Consume(MassTransit.ConsumeContext<PlanRevised> context) => ConsumeAs(context, context.Message.Plan);

    Task ConsumeAs<T>(MassTransit.ConsumeContext<T> context, PlanState plan) where T : class, IIntegrationEvent =>
        ApplyOnceAsync(context.Message, ct => Apply(plan, ct), context.CancellationToken);

    Task Apply(PlanState p, CancellationToken ct) => new PlanReadModel(Db).PlanAsync(new PlanRow
    {
        PlanId = p.PlanId, BodyCode = p.BodyCode, Year = p.Year, Name = p.Name, CaseNumber = p.CaseNumber, Revision = p.Revision, Version = p.Version,
    }, ct);
}

public sealed class GoalConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<GoalCreated>(db, caller, changes), MassTransit.IConsumer<GoalChanged>
{
    protected override Task ApplyAsync(GoalCreated message, CancellationToken ct) => Apply(message.Goal, ct);

    public Task Consume(MassTransit.ConsumeContext<GoalChanged> context) =>
        ApplyOnceAsync(context.Message, ct => Apply(context.Message.Goal, ct), context.CancellationToken);

    Task Apply(GoalState g, CancellationToken ct) => new PlanReadModel(Db).GoalAsync(new GoalRow
    {
        GoalId = g.GoalId, PlanId = g.PlanId, BodyCode = g.BodyCode, Year = g.Year, Kind = g.Kind, Name = g.Name,
        GoalAreaName = g.GoalAreaName, ResponsibleUnitCode = g.ResponsibleUnitCode, IsFinancialGoal = g.IsFinancialGoal,
        TargetText = g.Target.Text, Removed = g.Removed, Version = g.Version,
    }, ct);
}

public sealed class GoalStatusConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<GoalStatusAssessed>(db, caller, changes)
{
    protected override Task ApplyAsync(GoalStatusAssessed m, CancellationToken ct) =>
        new PlanReadModel(Db).StatusAsync(m.GoalId, m.Period, m.Status, m.Basis, m.Analysis, m.Version, ct);
}

public sealed class GoalOutcomeConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<GoalOutcomeRecorded>(db, caller, changes)
{
    protected override Task ApplyAsync(GoalOutcomeRecorded m, CancellationToken ct) =>
        new PlanReadModel(Db).OutcomeAsync(m.GoalId, m.Period, m.Outcome.Total, m.Outcome.Women, m.Outcome.Men, m.Version, ct);
}

public sealed class ActivityConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<ActivityCreated>(db, caller, changes), MassTransit.IConsumer<ActivityStatusChanged>
{
    protected override Task ApplyAsync(ActivityCreated message, CancellationToken ct) => Apply(message.Activity, ct);

    public Task Consume(MassTransit.ConsumeContext<ActivityStatusChanged> context) =>
        ApplyOnceAsync(context.Message, ct => Apply(context.Message.Activity, ct), context.CancellationToken);

    Task Apply(ActivityState a, CancellationToken ct) => new PlanReadModel(Db).ActivityAsync(new ActivityRow
    {
        ActivityId = a.ActivityId, GoalId = a.GoalId, PlanId = a.PlanId, Name = a.Name, EndDate = a.EndDate, Status = a.Status,
        Removed = a.Removed, Version = a.Version,
    }, ct);
}

/// Every investment event carries the object's whole state.
public sealed class InvestmentConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<InvestmentObjectAdded>(db, caller, changes),
      MassTransit.IConsumer<InvestmentObjectChanged>, MassTransit.IConsumer<InvestmentDecided>, MassTransit.IConsumer<InvestmentStatusChanged>,
      MassTransit.IConsumer<InvestmentSpendingRecorded>, MassTransit.IConsumer<InvestmentForecastRecorded>
{
    protected override Task ApplyAsync(InvestmentObjectAdded message, CancellationToken ct) => Apply(message.Object, ct);

    public Task Consume(MassTransit.ConsumeContext<InvestmentObjectChanged> c) => Other(c.Message, c.Message.Object, c.CancellationToken);
    public Task Consume(MassTransit.ConsumeContext<InvestmentDecided> c) => Other(c.Message, c.Message.Object, c.CancellationToken);
    public Task Consume(MassTransit.ConsumeContext<InvestmentStatusChanged> c) => Other(c.Message, c.Message.Object, c.CancellationToken);
    public Task Consume(MassTransit.ConsumeContext<InvestmentSpendingRecorded> c) => Other(c.Message, c.Message.Object, c.CancellationToken);
    public Task Consume(MassTransit.ConsumeContext<InvestmentForecastRecorded> c) => Other(c.Message, c.Message.Object, c.CancellationToken);

    Task Other(IIntegrationEvent message, InvestmentObjectState o, CancellationToken ct) => ApplyOnceAsync(message, t => Apply(o, t), ct);

    Task Apply(InvestmentObjectState o, CancellationToken ct) => new PlanReadModel(Db).InvestmentAsync(new InvestmentRow
    {
        ObjectId = o.ObjectId, BodyCode = o.BodyCode, Year = o.Year, UnitCode = o.UnitCode, Name = o.Name, Category = o.Category,
        Amount = o.Amount, Status = o.Status, SpentToDate = o.SpentToDate, Forecast = o.Forecast, Version = o.Version,
    }, ct);
}

/// Every meeting event carries the meeting's whole state, agenda included.
public sealed class MeetingConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<MeetingScheduled>(db, caller, changes),
      MassTransit.IConsumer<MeetingMoved>, MassTransit.IConsumer<MeetingCancelled>, MassTransit.IConsumer<AgendaItemAdded>, MassTransit.IConsumer<AgendaItemRemoved>
{
    protected override Task ApplyAsync(MeetingScheduled message, CancellationToken ct) => Apply(message.Meeting, ct);

    public Task Consume(MassTransit.ConsumeContext<MeetingMoved> c) => Other(c.Message, c.Message.Meeting, c.CancellationToken);
    public Task Consume(MassTransit.ConsumeContext<MeetingCancelled> c) => Other(c.Message, c.Message.Meeting, c.CancellationToken);
    public Task Consume(MassTransit.ConsumeContext<AgendaItemAdded> c) => Other(c.Message, c.Message.Meeting, c.CancellationToken);
    public Task Consume(MassTransit.ConsumeContext<AgendaItemRemoved> c) => Other(c.Message, c.Message.Meeting, c.CancellationToken);

    Task Other(IIntegrationEvent message, MeetingState m, CancellationToken ct) => ApplyOnceAsync(message, t => Apply(m, t), ct);

    Task Apply(MeetingState m, CancellationToken ct) => new PlanReadModel(Db).MeetingAsync(new MeetingRow
    {
        MeetingId = m.MeetingId, BodyCode = m.BodyCode, Year = m.Year, Kind = m.Kind, Title = m.Title, StartDate = m.StartDate,
        Place = m.Place, Cancelled = m.Cancelled, Version = m.Version,
        Items = m.Items.OrderBy(i => i.Position)
            .Select(i => new AgendaItemRow(i.Title, i.ResponsibleRole, i.Covers?.Year, i.Covers?.Kind.ToString(), i.Covers?.Number)).ToList(),
    }, ct);
}
