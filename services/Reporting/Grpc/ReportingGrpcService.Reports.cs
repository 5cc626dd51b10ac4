using Grpc.Core;
using Region.Contracts.Periods;
using Region.Reporting.Report;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Grpc;

/// The follow-up report of a body and period: as data, rendered for people, watched as it changes,
/// and its areas with red goals and a budget deficit.
public sealed partial class ReportingGrpcService
{
    static readonly TimeSpan WatchFallbackPoll = TimeSpan.FromSeconds(5);

    public override async Task<Api.Report> GetReport(Api.GetReportRequest request, ServerCallContext context)
    {
        var period = ValidateReport(request.BodyCode, request.Period);
        return await new ReportBuilder(db).BuildAsync(request.BodyCode.Trim(), period, context.CancellationToken);
    }

    public override async Task<Api.RenderedReport> RenderReport(Api.RenderReportRequest request, ServerCallContext context)
    {
        var period = ValidateReport(request.BodyCode, request.Period, request.Note);
        var report = await new ReportBuilder(db).BuildAsync(request.BodyCode.Trim(), period, context.CancellationToken);
        var html = request.Format == Api.ReportFormat.Html;
        // Markdown quote markers and HTML tags in a note would change the report's layout.
        var note = request.Note.Replace('\n', ' ').Replace('<', '‹').Replace('>', '›');
        return new Api.RenderedReport
        {
            Format = html ? Api.ReportFormat.Html : Api.ReportFormat.Markdown,
            Title = ReportRenderer.Title(report),
            Content = html ? ReportRenderer.Html(report, note) : ReportRenderer.ToMarkdown(report, note),
        };
    }

    public override async Task WatchReport(Api.GetReportRequest request, IServerStreamWriter<Api.ReportSummary> responseStream, ServerCallContext context)
    {
        var period = ValidateReport(request.BodyCode, request.Period);
        var tenant = caller.Tenant;
        var ct = context.CancellationToken;
        Api.ReportSummary? last = null;
        long version = 0;
        while (!ct.IsCancellationRequested)
        {
            // Listen before reading, so a change committed while the report is built is not missed.
            var changed = changes.NextAsync(tenant, ct);
            db.ChangeTracker.Clear();
            var summary = Summary(await new ReportBuilder(db).BuildAsync(request.BodyCode.Trim(), period, ct));
            if (last is null || !summary.Equals(last))
            {
                last = summary.Clone();
                summary.Version = ++version;
                await responseStream.WriteAsync(summary, ct);
            }
            try
            {
                await changed.WaitAsync(WatchFallbackPoll, ct);
            }
            catch (TimeoutException)
            {
                // Another replica may have applied the change: look anyway now and then.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    static Api.ReportSummary Summary(Api.Report r)
    {
        var summary = new Api.ReportSummary
        {
            BodyCode = r.BodyCode,
            Period = r.Period,
            Goals = r.Goals,
            Assignments = r.Assignments,
            Activities = r.Activities,
            Deviation = r.Budget.Rows.FirstOrDefault(b => b.UnitCode.Equals(r.BodyCode, StringComparison.OrdinalIgnoreCase))?.Deviation ?? 0,
            TotalNetBudget = r.Budget.TotalNetBudget,
        };
        summary.Summary.AddRange(r.Summary);
        return summary;
    }

    public override async Task<Api.ListRedGoalsWithDeficitResponse> ListRedGoalsWithDeficit(Api.GetReportRequest request, ServerCallContext context)
    {
        var period = ValidateReport(request.BodyCode, request.Period);
        var report = await new ReportBuilder(db).BuildAsync(request.BodyCode.Trim(), period, context.CancellationToken);
        var response = new Api.ListRedGoalsWithDeficitResponse();
        response.Areas.AddRange(report.Areas.Where(a => a.Goals.Red > 0 && a.Deviation < 0).OrderBy(a => a.Deviation));
        return response;
    }

    static Period ValidateReport(string bodyCode, string period, string note = "")
    {
        var v = new Violations();
        v.Check(note.Length <= 500, "note", "At most 500 characters.");
        v.Check(!string.IsNullOrWhiteSpace(bodyCode), "body_code", "A body code (e.g. RS) is required.");
        var parsed = Input.CheckPeriod(period, "period", v);
        v.ThrowIfAny();
        return parsed!.Value;
    }
}
