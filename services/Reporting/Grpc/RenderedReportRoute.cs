using Region.Common.V1;
using Region.Reporting.Data;
using Region.Reporting.Report;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;

namespace Region.Reporting.Grpc;

/// The rendered report (RenderReport's text) over plain HTTP GET, for a browser or curl: HTML as
/// text/html and Markdown as text/markdown, with the same bearer token and access (READ) as GetReport.
public static class RenderedReportRoute
{
    public const string HtmlRoute = "/v1/reports/{bodyCode}/{period}.html";
    public const string MarkdownRoute = "/v1/reports/{bodyCode}/{period}.md";

    public static WebApplication MapRenderedReport(this WebApplication app)
    {
        Map(app, HtmlRoute, "text/html; charset=utf-8", report => ReportRenderer.Html(report));
        Map(app, MarkdownRoute, "text/markdown; charset=utf-8", report => ReportRenderer.ToMarkdown(report));
        return app;
    }

    private static void Map(WebApplication app, string route, string contentType, Func<V1.Report, string> render) =>
        app.MapGet(route, (string bodyCode, string period, HttpContext http, ReportingDb db, LatestReports reports) =>
            PlainHttpErrors.AnswerAsync(http, async () =>
            {
                CallAuthorization.Authorize(http, Access.Read, "The rendered report");
                var (body, parsed) = ReportingGrpcService.ValidateReport(bodyCode, period);
                var report = await reports.GetAsync(db, body, parsed, http.RequestAborted);
                return Results.Text(render(report), contentType);
            }));
}
