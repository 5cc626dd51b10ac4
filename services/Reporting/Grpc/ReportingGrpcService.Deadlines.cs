using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Periods;
using Region.Reporting.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Grpc;

/// Reporting deadlines (issue 20): when each period's reports are due, from the meetings' agendas
/// and each body's lead time.
public sealed partial class ReportingGrpcService
{
    public override async Task<Api.ListDeadlinesResponse> ListDeadlines(Api.ListDeadlinesRequest request, ServerCallContext context)
    {
        var v = new Violations();
        Input.CheckYear(request.Year, "year", v);
        Input.CheckCode(request.BodyCode, "body_code", v, required: false);
        v.ThrowIfAny();
        var ct = context.CancellationToken;
        var meetings = await db.Meetings.AsNoTracking().ToListAsync(ct);
        List<string> bodies;
        if (string.IsNullOrWhiteSpace(request.BodyCode))
            bodies = meetings.Where(m => m.Year == request.Year).Select(m => m.BodyCode).Distinct().Order(StringComparer.Ordinal).ToList();
        else
        {
            var body = Input.Code(request.BodyCode);
            await UnitTreeKnowingAsync(body, ct);
            bodies = [body];
        }
        var leadTimes = await db.DeadlineLeadTimes.AsNoTracking().ToDictionaryAsync(x => x.BodyCode, ct);

        var response = new Api.ListDeadlinesResponse();
        foreach (var body in bodies)
        {
            var leadTime = leadTimes.GetValueOrDefault(body);
            var etag = DeadlineLeadTime.EtagOf(leadTime);
            response.Deadlines.AddRange(ReportingDeadlines.Of(body, request.Year, meetings, leadTime?.Days ?? DeadlineLeadTime.DefaultDays)
                .Select(d => ToProto(d, etag)));
        }
        return response;
    }

    public override async Task<Api.DeadlineLeadTime> SetDeadlineLeadTime(Api.SetDeadlineLeadTimeRequest request, ServerCallContext context)
    {
        var v = new Violations();
        Input.CheckCode(request.BodyCode, "body_code", v);
        v.Check(request.Days is >= 0 and <= DeadlineLeadTime.MaxDays, "days", $"From 0 to {DeadlineLeadTime.MaxDays} days before the meeting.");
        var matchEtag = Etag.CheckOptional(request.Etag, v);
        v.ThrowIfAny();
        var ct = context.CancellationToken;
        var body = Input.Code(request.BodyCode);
        await UnitTreeKnowingAsync(body, ct);

        var row = await db.DeadlineLeadTimes.SingleOrDefaultAsync(x => x.BodyCode == body, ct);
        if (matchEtag) Etag.Match(request.Etag, DeadlineLeadTime.EtagOf(row), $"the lead time of {body}");
        if (row is null) db.DeadlineLeadTimes.Add(row = new DeadlineLeadTime { BodyCode = body });
        else row.Version++;
        row.Days = request.Days;
        // Two first settings at once: the unique index refuses one; two changes at once: the version
        // refuses one (DbUpdateConcurrencyException). Either way the caller reads and retries (ABORTED).
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { throw new ConcurrencyConflictException($"The lead time of {body} was set at the same moment by someone else; read it and try again."); }
        logger.LogInformation("Deadline lead time of {Body} set to {Days} days", body, request.Days);
        return new Api.DeadlineLeadTime { BodyCode = body, Days = row.Days, Etag = DeadlineLeadTime.EtagOf(row) };
    }

    /// The replica's tree, which must know the unit (or body): NOT_FOUND otherwise.
    async Task<OrgUnitReplicaTree> UnitTreeKnowingAsync(string code, CancellationToken ct)
    {
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        return tree.Find(code) is null ? throw UnknownUnit.Error(code, tree.Codes) : tree;
    }

    static Api.ReportingDeadline ToProto(ReportingDeadline d, string leadTimeEtag) => new()
    {
        LeadTimeEtag = leadTimeEtag,
        BodyCode = d.BodyCode,
        Period = d.Period.ToString(),
        PeriodLabel = d.Period.Label(),
        LeadTimeDays = d.LeadDays,
        DueDate = ToDate(d.Due),
        MeetingDate = ToDate(d.MeetingDate),
        AgendaItem = d.AgendaItem ?? "",
        Finding = d.MeetingDate is null ? $"No meeting of {d.BodyCode} has an agenda item presenting {d.Period}: there is no deadline to remind of." : "",
    };

    static Google.Type.Date? ToDate(DateOnly? d) => d is { } x ? new Google.Type.Date { Year = x.Year, Month = x.Month, Day = x.Day } : null;
}
