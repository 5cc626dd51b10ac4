using MassTransit;
using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;
using static Region.Reporting.ReadModel.ReadModelLimits;

namespace Region.Reporting.Events;

// The investments service's events.

/// Every investment event carries the object's whole state.
public sealed class InvestmentConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<InvestmentObjectAdded>(db, caller, changes, skipped, groups),
      IConsumer<InvestmentObjectChanged>, IConsumer<InvestmentDecided>, IConsumer<InvestmentStatusChanged>,
      IConsumer<InvestmentSpendingRecorded>, IConsumer<InvestmentForecastRecorded>
{
    protected override Task ApplyAsync(InvestmentObjectAdded message, CancellationToken ct) => Apply(message, message.Object, ct);

    public Task Consume(ConsumeContext<InvestmentObjectChanged> c) => Other(c.Message, c.Message.Object, c.CancellationToken);
    public Task Consume(ConsumeContext<InvestmentDecided> c) => Other(c.Message, c.Message.Object, c.CancellationToken);
    public Task Consume(ConsumeContext<InvestmentStatusChanged> c) => Other(c.Message, c.Message.Object, c.CancellationToken);
    public Task Consume(ConsumeContext<InvestmentSpendingRecorded> c) => Other(c.Message, c.Message.Object, c.CancellationToken);
    public Task Consume(ConsumeContext<InvestmentForecastRecorded> c) => Other(c.Message, c.Message.Object, c.CancellationToken);

    Task Other(IIntegrationEvent message, InvestmentObjectState o, CancellationToken ct) => ApplyOnceAsync(message, t => Apply(message, o, t), ct);

    Task Apply(IIntegrationEvent message, InvestmentObjectState o, CancellationToken ct)
    {
        if (!IsCode(o.BodyCode) || !IsCode(o.UnitCode) || !IsAmount(o.Amount) || !IsAmount(o.SpentToDate) || !IsAmount(o.Forecast))
            return Skip(message, "investment object out of range");
        return Db.Investments.UpsertAsync(r => r.ObjectId == o.ObjectId, () => new InvestmentRow { ObjectId = o.ObjectId }, o.Version, r =>
        {
            (r.BodyCode, r.Year, r.UnitCode, r.Name, r.Category) = (Input.Code(o.BodyCode), o.Year, Input.Code(o.UnitCode), o.Name, o.Category);
            (r.Amount, r.Status, r.SpentToDate, r.Forecast, r.FiguresInvented) = (o.Amount, o.Status, o.SpentToDate, o.Forecast, o.FiguresInvented);
        }, ct);
    }
}
