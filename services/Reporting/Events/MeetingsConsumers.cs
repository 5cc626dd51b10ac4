using MassTransit;
using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;
using static Region.Reporting.ReadModel.ReadModelLimits;

namespace Region.Reporting.Events;

// The meetings service's events.

/// Every meeting event carries the meeting's whole state, agenda included.
public sealed class MeetingConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<MeetingScheduled>(db, caller, changes, skipped, groups),
      IConsumer<MeetingMoved>, IConsumer<MeetingCancelled>, IConsumer<AgendaItemAdded>, IConsumer<AgendaItemRemoved>
{
    protected override Task ApplyAsync(MeetingScheduled message, CancellationToken ct) => Apply(message, message.Meeting, ct);

    public Task Consume(ConsumeContext<MeetingMoved> c) => Other(c.Message, c.Message.Meeting, c.CancellationToken);
    public Task Consume(ConsumeContext<MeetingCancelled> c) => Other(c.Message, c.Message.Meeting, c.CancellationToken);
    public Task Consume(ConsumeContext<AgendaItemAdded> c) => Other(c.Message, c.Message.Meeting, c.CancellationToken);
    public Task Consume(ConsumeContext<AgendaItemRemoved> c) => Other(c.Message, c.Message.Meeting, c.CancellationToken);

    Task Other(IIntegrationEvent message, MeetingState m, CancellationToken ct) => ApplyOnceAsync(message, t => Apply(message, m, t), ct);

    Task Apply(IIntegrationEvent message, MeetingState m, CancellationToken ct) => !IsCode(m.BodyCode) ? Skip(message, "meeting without a body code")
        : Db.Meetings.UpsertAsync(r => r.MeetingId == m.MeetingId, () => new MeetingRow { MeetingId = m.MeetingId }, m.Version, r =>
        {
            (r.BodyCode, r.Year, r.Kind, r.Title, r.StartDate, r.Place, r.Cancelled) = (Input.Code(m.BodyCode), m.Year, m.Kind, m.Title, m.StartDate, m.Place, m.Cancelled);
            r.Items = m.Items.OrderBy(i => i.Position)
                .Select(i => new AgendaItemRow(i.Title, i.ResponsibleRole, i.Covers?.Year, i.Covers?.Kind.ToString(), i.Covers?.Number)).ToList();
        }, ct);
}
