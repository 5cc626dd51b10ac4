using Grpc.Core;
using Region.Common.V1;
using Region.Reporting.Data;
using Region.Reporting.Report;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;

namespace Region.Reporting.Grpc;

/// The rendered report (RenderReport's output) over plain HTTP GET, for a browser or curl: HTML as
/// text/html, Markdown as text/markdown and the PDF as application/pdf, with the same bearer token
/// and access (READ) as GetReport. A PDF this server cannot print now is 503 with the reason.
public static class RenderedReportRoute
{
    public const string HtmlRoute = "/v1/reports/{bodyCode}/{period}.html";
    public const string MarkdownRoute = "/v1/reports/{bodyCode}/{period}.md";
    public const string PdfRoute = "/v1/reports/{bodyCode}/{period}.pdf";

    public static WebApplication MapRenderedReport(this WebApplication app)
    {
        Map(app, HtmlRoute, (report, _, _) => Task.FromResult(Results.Text(ReportRenderer.Html(report), "text/html; charset=utf-8")));
        Map(app, MarkdownRoute, (report, _, _) => Task.FromResult(Results.Text(ReportRenderer.ToMarkdown(report), "text/markdown; charset=utf-8")));
        Map(app, PdfRoute, async (report, http, ct) =>
        {
            try
            {
                var bytes = await http.RequestServices.GetRequiredService<PdfPrinter>().PrintAsync(ReportRenderer.Html(report), ct);
                return Results.File(bytes, "application/pdf", $"{report.BodyCode}-{report.Period}.pdf");
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.Unavailable or StatusCode.ResourceExhausted)
            {
                return Results.Problem(e.Status.Detail, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }

    private static void Map(WebApplication app, string route, Func<V1.Report, HttpContext, CancellationToken, Task<IResult>> render) =>
        app.MapGet(route, (string bodyCode, string period, HttpContext http, ReportingDb db, LatestReports reports) =>
            PlainHttpErrors.AnswerAsync(http, async () =>
            {
                CallAuthorization.Authorize(http, Access.Read, "The rendered report");
                var (body, parsed) = ReportingGrpcService.ValidateReport(bodyCode, period);
                var report = await reports.GetAsync(db, body, parsed, http.RequestAborted);
                return await render(report, http, http.RequestAborted);
            }));
}
