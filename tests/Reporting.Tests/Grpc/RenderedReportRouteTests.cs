using System.Net;
using System.Text.Json;
using Region.Reporting.V1;
using Region.TestSupport;

namespace Region.Reporting.Tests.Grpc;

/// The rendered report over plain HTTP GET, with real tokens of the identity provider: the same
/// text RenderReport gives, as text/html or text/markdown, and the same access as GetReport.
public sealed class RenderedReportRouteTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    [Fact]
    public async Task The_html_route_serves_the_renderer_html_as_text_html()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host);
        var rendered = await host.Client(tenant).RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2", Format = ReportFormat.Html });

        var response = await host.HttpClient(tenant).GetAsync("/v1/reports/rs/2022-T2.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(rendered.Content, await response.Content.ReadAsStringAsync());
        Assert.StartsWith("<!DOCTYPE html>", rendered.Content);
    }

    [Fact]
    public async Task The_markdown_route_serves_the_renderer_markdown_as_text_markdown()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host);
        var rendered = await host.Client(tenant).RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2", Format = ReportFormat.Markdown });

        var response = await host.HttpClient(tenant).GetAsync("/v1/reports/RS/2022-T2.md");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(rendered.Content, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_pdf_route_serves_the_printed_report_as_application_pdf()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host);

        var response = await host.HttpClient(tenant).GetAsync("/v1/reports/rs/2022-T2.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("RS-2022-T2.pdf", response.Content.Headers.ContentDisposition!.FileName);
        var pdf = Report.PrintedPdf.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Uppföljning av regionstyrelsens verksamhetsplan 2022", pdf.Text);
        Assert.Contains("Av de 1 mätbara målen var 1 röda.", pdf.Text);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.HttpClient().GetAsync("/v1/reports/RS/2022-T2.pdf")).StatusCode);
    }

    [Fact]
    public async Task The_rendered_report_needs_a_token_that_may_read_and_a_known_body()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host);
        using var snapshotOnly = host.Factory.CreateDefaultClient(new BearerTokenHandler(() => host.Identity.TokenAsync(tenant, ["snapshot"])));

        var without = await host.HttpClient().GetAsync("/v1/reports/RS/2022-T2.html");
        var cannotRead = await snapshotOnly.GetAsync("/v1/reports/RS/2022-T2.html");
        var unknownBody = await host.HttpClient(tenant).GetAsync("/v1/reports/NOSUCH/2022-T2.html");
        var otherTenant = await host.HttpClient(ReportingHost.NewTenant()).GetAsync("/v1/reports/RS/2022-T2.html");

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("Bearer", without.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Forbidden, cannotRead.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownBody.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
    }

    [Fact]
    public async Task Bad_parameters_are_400_naming_each_bad_one()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host);

        var response = await host.HttpClient(tenant).GetAsync($"/v1/reports/{new string('R', 41)}/2022-X9.html");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["body_code", "period"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray());
    }
}
