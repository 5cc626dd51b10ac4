extern alias reporting;
using System.Text.Json;
using Region.Contracts.Periods;
using reporting::Region.Reporting.Data;
using reporting::Region.Reporting.ReadModel;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;
using ReportingProgram = reporting::Program;

namespace Region.Cli.Tests;

public sealed class ReportingCliTests(BudgetCliHost host, ReportingCliHost reporting) : IClassFixture<BudgetCliHost>, IClassFixture<ReportingCliHost>
{
    Task<CliRun> Run(params string[] args) =>
        host.RunWithAsync(_ => reporting.Invoker(), [.. args, "--tenant", reporting.Tenant]);

    [Fact]
    public async Task Report_prints_the_Swedish_Markdown_report()
    {
        var run = await Run("report", "--period", "2022-T2", "--body", "RS");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("# Uppföljning av regionstyrelsens verksamhetsplan 2022, tertial 2 2022 (per augusti)", run.Out);
        Assert.Contains("Av de 4 mätbara målen var 2 gröna, 1 gula och 1 röda.", run.Out);
        Assert.Contains("Analys: Rekryteringen har dröjt.", run.Out);
    }

    [Fact]
    public async Task Report_writes_HTML_and_JSON_to_a_file()
    {
        var html = Path.GetTempFileName();
        var json = Path.GetTempFileName();
        try
        {
            var htmlRun = await Run("report", "--period", "2022-T2", "--format", "html", "--out", html);
            var jsonRun = await Run("report", "--period", "2022-T2", "--format", "json", "--out", json);

            Assert.True(htmlRun.ExitCode == 0, htmlRun.ToString());
            Assert.Contains("<h1>Uppföljning av regionstyrelsens verksamhetsplan 2022", await File.ReadAllTextAsync(html));
            Assert.True(jsonRun.ExitCode == 0, jsonRun.ToString());
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var goals = document.RootElement.GetProperty("goals");
            Assert.Equal((4, 2, 1), (goals.GetProperty("total").GetInt32(), goals.GetProperty("green").GetInt32(), goals.GetProperty("red").GetInt32()));
        }
        finally
        {
            File.Delete(html);
            File.Delete(json);
        }
    }

    [Fact]
    public async Task Report_as_PDF_goes_to_a_file_and_never_to_the_console()
    {
        var pdf = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.pdf");
        try
        {
            var run = await Run("report", "--period", "2022-T2", "--format", "pdf", "--out", pdf);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.DoesNotContain("%PDF", run.Out);
            Assert.Contains("Wrote", run.Out);
            using var document = UglyToad.PdfPig.PdfDocument.Open(await File.ReadAllBytesAsync(pdf));
            var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains("Av de 4 mätbara målen var 2 gröna, 1 gula och 1 röda.", text);
        }
        finally
        {
            File.Delete(pdf);
        }
    }

    [Fact]
    public async Task A_bad_period_or_format_is_refused()
    {
        var badFormat = await Run("report", "--period", "2022-T2", "--format", "docx");
        var badPeriod = await Run("report", "--period", "2022-T7");

        Assert.Equal(2, badFormat.ExitCode);
        Assert.NotEqual(0, badPeriod.ExitCode);
        Assert.Contains("period", badPeriod.Error);
    }

    [Fact]
    public async Task A_period_without_data_is_said_in_words_not_printed_as_zeros()
    {
        var empty = await Run("report", "--period", "2031-T2", "--body", "RS");
        var json = await Run("report", "--period", "2031-T2", "--body", "RS", "--format", "json");

        Assert.True(empty.ExitCode == 1, empty.ToString());
        Assert.Equal("RS has nothing to follow up for 2031-T2: no plan, goals, frames, investments or meetings for 2031 (years with data: 2022). "
            + "Choose a period of one of those years, or import 2031's data first (regionctl import ...).", empty.Error.Trim());
        Assert.DoesNotContain("Uppföljning", empty.Out);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal([2022], JsonSerializer.Deserialize<JsonElement>(json.Out).GetProperty("yearsWithData").EnumerateArray().Select(y => y.GetInt32()));
    }

    [Fact]
    public async Task A_body_without_data_in_any_year_is_said_to_have_none_and_exits_1()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        await using (var db = reporting.Db(tenant))
        {
            db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = "RS", Name = "Regionstyrelsen", Level = "Body", Version = 1 });
            await db.SaveChangesAsync();
        }

        var run = await host.RunWithAsync(_ => reporting.Invoker(), ["report", "--period", "2022-T2", "--body", "RS", "--tenant", tenant]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("RS has nothing to follow up (no year has any plan, goals, frames, investments or meetings). Import data first (regionctl import ...).", run.Error.Trim());
    }
}
