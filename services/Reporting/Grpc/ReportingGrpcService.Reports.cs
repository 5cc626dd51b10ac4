using Google.Protobuf;
using Grpc.Core;
using Region.Contracts.Periods;
using Region.Reporting.Report;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Grpc;

/// The follow-up report of a body and period: as data, rendered for people, watched as it changes,
/// and its areas with red goals and a budget deficit. The body code is taken in any case; a body
/// the org-unit replica does not know is NOT_FOUND (ReportBuilder).
public sealed partial class ReportingGrpcService
{
    /// The column of the note would be this size; it is printed, not stored.
    public const int MaxNoteLength = 500;

    public override async Task<Api.Report> GetReport(Api.GetReportRequest request, ServerCallContext context)
    {
        var (body, period) = ValidateReport(request.BodyCode, request.Period);
        return await reports.GetAsync(db, body, period, context.CancellationToken);
    }

    public override async Task<Api.RenderedReport> RenderReport(Api.RenderReportRequest request, ServerCallContext context)
    {
        var v = new Violations();
        Input.CheckText(request.Note, "note", MaxNoteLength, v, multiLine: true);
        v.Check(Enum.IsDefined(request.Format), "format", "REPORT_FORMAT_MARKDOWN, REPORT_FORMAT_HTML, REPORT_FORMAT_PDF or unspecified (Markdown).");
        var (body, period) = ValidateReport(request.BodyCode, request.Period, v);
        var report = await reports.GetAsync(db, body, period, context.CancellationToken);
        var rendered = new Api.RenderedReport { Title = ReportRenderer.Title(report) };
        switch (request.Format)
        {
            case Api.ReportFormat.Html:
                (rendered.Format, rendered.Content) = (Api.ReportFormat.Html, ReportRenderer.Html(report, request.Note));
                break;
            case Api.ReportFormat.Pdf:
                rendered.Format = Api.ReportFormat.Pdf;
                rendered.Document = ByteString.CopyFrom(await pdf.PrintAsync(ReportRenderer.Html(report, request.Note), context.CancellationToken));
                break;
            default:
                (rendered.Format, rendered.Content) = (Api.ReportFormat.Markdown, ReportRenderer.ToMarkdown(report, request.Note));
                break;
        }
        return rendered;
    }

    public override async Task WatchReport(Api.GetReportRequest request, IServerStreamWriter<Api.ReportSummary> responseStream, ServerCallContext context)
    {
        var (body, period) = ValidateReport(request.BodyCode, request.Period);
        var tenant = caller.Tenant;
        // Streams live long: a caller (tenant and user) holds a few, the server a bounded number,
        // each no longer than the token that opened it.
        using var lease = streams.Enter(token, context.CancellationToken);
        var ct = lease.Ended;
        Api.ReportSummary? last = null;
        long version = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // Listen before reading, so a change committed while the report is built is not missed.
                var changed = changes.NextAsync(tenant, ct);
                var summary = await summaries.CurrentAsync(tenant, body, period, ct);
                if (last is null || !summary.Equals(last))
                {
                    last = summary;
                    var sent = summary.Clone();
                    sent.Version = ++version;
                    await responseStream.WriteAsync(sent, ct);
                }
                try
                {
                    await changed.WaitAsync(ReportSummaries.MaxAge, ct);
                    await summaries.SettleAsync(tenant, ct);
                }
                catch (TimeoutException)
                {
                    // Another replica may have applied the change: look anyway now and then.
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller left, or its token expired (below).
        }
        lease.ThrowIfTokenExpired();
    }

    public override async Task<Api.ListRedGoalsWithDeficitResponse> ListRedGoalsWithDeficit(Api.GetReportRequest request, ServerCallContext context)
    {
        var (body, period) = ValidateReport(request.BodyCode, request.Period);
        var report = await reports.GetAsync(db, body, period, context.CancellationToken);
        var response = new Api.ListRedGoalsWithDeficitResponse();
        response.Areas.AddRange(report.Areas.Where(a => a.Goals.Red > 0 && a.Deviation < 0).OrderBy(a => a.Deviation));
        return response;
    }

    /// The body code in its stored form and the period, or INVALID_ARGUMENT naming every bad field
    /// (with those <paramref name="v"/> already holds).
    internal static (string Body, Period Period) ValidateReport(string bodyCode, string period, Violations? v = null)
    {
        v ??= new Violations();
        Input.CheckCode(bodyCode, "body_code", v);
        var parsed = Input.CheckPeriod(period, "period", v);
        v.ThrowIfAny();
        return (Input.Code(bodyCode), parsed!.Value);
    }
}
