using Microsoft.EntityFrameworkCore;
using Region.Budget.V1;
using Region.Contracts.Periods;
using Region.Reporting.V1;
using BudgetApi = Region.Budget.V1;

namespace Region.Reporting.Tests.Events;

/// The budget service and the reporting service side by side on the shared broker: what budget
/// commits shows in the report, and a rebuilt read model equals the one built live.
public sealed class BudgetToReportTests(ReportingWithBudget host) : IClassFixture<ReportingWithBudget>
{
    const long Msek = 1_000_000;

    static BudgetApi.FrameAmounts Net(decimal personnel, decimal other) => new()
    {
        PersonnelCosts = (long)(personnel * Msek), OtherExternalCosts = (long)(other * Msek), Net = (long)((personnel + other) * Msek),
    };

    /// RJH → RS → division → two areas with frames, financing, a table whose stated total is off
    /// by 0,4 MSEK, an adjustment, outcomes for January–August and a forecast.
    async Task<BudgetService.BudgetServiceClient> SeedAsync(string tenant)
    {
        var budget = host.Budget.Client(tenant);
        await budget.CreateUnitAsync(new() { Code = "RJH", Name = "Region Jämtland Härjedalen", Level = UnitLevel.Region });
        await budget.CreateUnitAsync(new() { Code = "RS", Name = "Regionstyrelsen", Level = UnitLevel.Body, ParentCode = "RJH" });
        await budget.CreateUnitAsync(new() { Code = "RS-TJM", Name = "Regionstyrelsens förvaltning", Level = UnitLevel.Division, ParentCode = "RS" });
        await budget.CreateUnitAsync(new() { Code = "RD", Name = "Regiondirektör", Level = UnitLevel.Area, ParentCode = "RS-TJM" });
        await budget.CreateUnitAsync(new() { Code = "RST", Name = "Regionstaben", Level = UnitLevel.Area, ParentCode = "RS-TJM" });
        var rd = Net(-120m, -114.2m);
        var rst = Net(-265.8m, -231.5m);
        var stated = Net(-385.8m, -346.1m); // the rows sum to −345,7 in the other column
        await budget.ImportFrameTableAsync(new ImportFrameTableRequest
        {
            BodyCode = "RS", Year = 2022, Source = "Testtabell",
            Rows =
            {
                new FrameTableRow { UnitCode = "RD", Label = "Regiondirektör", Category = FrameCategory.Officials, Amounts = rd },
                new FrameTableRow { UnitCode = "RST", Label = "Regionstaben", Category = FrameCategory.Officials, Amounts = rst },
            },
            Totals = { new FrameTableTotal { Label = "Summa tjänstemannabudget", Category = FrameCategory.Officials, Amounts = stated } },
            HasFinancing = true,
            Financing = new FinancingAmounts { TaxRevenue = 3360_200_000, GeneralStateGrants = 1174_700_000, FinancialCosts = -48_100_000 },
        });
        var frame = await budget.GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });
        await budget.AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Prioritisation,
            Change = new BudgetApi.FrameAmounts { PersonnelCosts = -200_000 }, Reason = "Ökning av friskvårdsbidrag", CaseNumber = "RS/44/2020",
        });
        var outcomes = new RecordOutcomesRequest { RequestId = "jan-aug" };
        for (var month = 1; month <= 8; month++)
        {
            outcomes.Lines.Add(new OutcomeLine { UnitCode = "RD", Year = 2022, Month = month, Column = FrameColumn.PersonnelCosts, Amount = -9_500_000 });
            outcomes.Lines.Add(new OutcomeLine { UnitCode = "RST", Year = 2022, Month = month, Column = FrameColumn.OtherExternalCosts, Amount = -20_000_000 });
        }
        await budget.RecordOutcomesAsync(outcomes);
        await budget.RecordForecastAsync(new() { UnitCode = "RST", Year = 2022, Net = -500_000_000 });
        // A report is of a body the replica knows: wait for the unit events before asking for one.
        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            return await db.OrgUnits.CountAsync() == 5;
        }, "the units in the replica");
        return budget;
    }

    [Fact]
    public async Task The_report_shows_the_budget_as_the_budget_service_computes_it()
    {
        var tenant = ReportingHost.NewTenant();
        var budget = await SeedAsync(tenant);
        var reporting = host.Client(tenant);
        var expected = await budget.GetDeviationAsync(new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8, IncludeSubtree = true });

        Region.Reporting.V1.Report report = null!;
        await ReportingHost.Eventually(async () =>
        {
            report = await reporting.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
            return report.Budget.Rows.FirstOrDefault(r => r.UnitCode == "RS")?.Outcome == expected.Total.Outcome.Net
                && report.Budget.Ledger.Count == 1 && report.Budget.Rows.Any(r => r.HasForecast) && report.Budget.Findings.Count > 0;
        }, "the budget in the report");

        foreach (var row in expected.Rows)
        {
            var mine = report.Budget.Rows.Single(r => r.UnitCode == row.Unit.Code);
            Assert.Equal((row.AnnualBudget.Net, row.PeriodBudget.Net, row.Outcome.Net, row.Deviation.Net),
                (mine.Frame, mine.PeriodBudget, mine.Outcome, mine.Deviation));
        }
        var rs = report.Budget.Rows.Single(r => r.UnitCode == "RS");
        Assert.Equal(expected.Total.ForecastDeviation, rs.ForecastDeviation);
        var summary = await budget.GetBudgetSummaryAsync(new() { BodyCode = "RS", Year = 2022 });
        Assert.Equal(summary.TotalNetBudget, report.Budget.TotalNetBudget);
        Assert.Equal(("RS/44/2020", -200_000L), (report.Budget.Ledger[0].CaseNumber, report.Budget.Ledger[0].Change));
        Assert.Contains(report.Budget.Findings, f => f.Location == "Summa tjänstemannabudget" && f.Stated == -346_100_000 && f.Computed == -345_700_000);
        Assert.Contains(report.Summary, s => s.StartsWith("Regionstyrelsen har per 31 augusti en ", StringComparison.Ordinal));

        var markdown = await reporting.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
        Assert.Contains("## Ekonomi", markdown.Content);
        Assert.Contains($"Total nettobudget uppgår till {Region.Reporting.Report.ReportText.Msek(summary.TotalNetBudget)} miljoner kronor.", markdown.Content);
        // The stated definition is the one the table's figures follow: deviation = outcome − period budget.
        Assert.Equal(rs.Outcome - rs.PeriodBudget, rs.Deviation);
        Assert.Contains("avvikelse = utfall − periodens budget med intäkter positiva och kostnader negativa, så positivt är bättre än budget", markdown.Content);
        Assert.DoesNotContain("budget − utfall", markdown.Content);

        // Finance queries over the same figures.
        var top = await reporting.ListTopDeviationsAsync(new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8, Limit = 1 });
        Assert.Equal(expected.Rows.Where(r => r.Unit.Code is "RD" or "RST").MinBy(r => r.Deviation.Net)!.Unit.Code, Assert.Single(top.Rows).UnitCode);
        var byMonth = await reporting.GetDeviationByMonthAsync(new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8 });
        var division = Assert.Single(byMonth.Units);
        Assert.Equal(8, division.Months.Count);
        Assert.Equal(expected.Rows.Single(r => r.Unit.Code == "RS-TJM").Deviation.Net, division.Months[^1].Accumulated);
        Assert.Equal(division.Months.Sum(m => m.Deviation), division.Months[^1].Accumulated);

        var invalid = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() =>
            reporting.ListTopDeviationsAsync(new() { UnitCode = "", Year = 0, ThroughMonth = 13 }).ResponseAsync);
        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.All(new[] { "unit_code", "year", "through_month" }, field => Assert.Contains(field, invalid.Status.Detail));
    }

    [Fact]
    public async Task Areas_with_red_goals_show_next_to_their_deviation_and_a_deficit_is_flagged()
    {
        var tenant = ReportingHost.NewTenant();
        var budget = await SeedAsync(tenant);
        var reporting = host.Client(tenant);
        await using (var db = host.Db(tenant))
        {
            var goalId = Guid.NewGuid();
            db.Goals.Add(new() { GoalId = goalId, BodyCode = "RS", Year = 2022, Kind = "Goal", Name = "Sjukfrånvaro", ResponsibleUnitCode = "RST", Version = 1 });
            db.GoalPeriods.Add(new() { GoalId = goalId, Year = 2022, PeriodKind = PeriodKind.Tertial, PeriodNumber = 2, Status = "Red", Basis = "Computed", StatusVersion = 1 });
            await db.SaveChangesAsync();
        }
        Region.Reporting.V1.Report report = null!;
        await ReportingHost.Eventually(async () =>
        {
            report = await reporting.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
            return report.Areas.SingleOrDefault()?.Deviation > 0;
        }, "the area with its surplus");
        Assert.Equal(("RST", 1, "RedWithSurplus"), (report.Areas[0].UnitCode, report.Areas[0].Goals.Red, report.Areas[0].Signal));
        Assert.Empty((await reporting.ListRedGoalsWithDeficitAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Areas);

        // A large August invoice turns Regionstaben's surplus into a deficit.
        await budget.RecordOutcomesAsync(new() { RequestId = "aug-invoice", Lines = { new OutcomeLine { UnitCode = "RST", Year = 2022, Month = 8, Column = FrameColumn.OtherExternalCosts, Amount = -400_000_000 } } });
        Region.Reporting.V1.ListRedGoalsWithDeficitResponse flagged = null!;
        await ReportingHost.Eventually(async () =>
        {
            flagged = await reporting.ListRedGoalsWithDeficitAsync(new() { BodyCode = "RS", Period = "2022-T2" });
            return flagged.Areas.Count == 1;
        }, "the deficit");
        Assert.Equal(("RST", "RedWithDeficit"), (flagged.Areas[0].UnitCode, flagged.Areas[0].Signal));
        Assert.True(flagged.Areas[0].Deviation < 0);
    }

    [Fact]
    public async Task A_rebuild_for_a_tenant_reportings_client_may_not_act_for_is_refused_and_wipes_nothing()
    {
        var tenant = ReportingHost.NewTenant();
        await SeedAsync(tenant);
        await ReportingHost.Eventually(async () => (await DumpAsync(tenant)).Contains("forecast RST"), "the live model");
        await Task.Delay(500);
        var live = await DumpAsync(tenant);

        await host.AllowRebuildAsync([ReportingHost.NewTenant()], ["snapshot"]);
        var refused = await Region.TestSupport.Rpc.FailsWith(global::Grpc.Core.StatusCode.FailedPrecondition, () => host.Client(tenant).RebuildReadModelAsync(new()).ResponseAsync);
        Assert.Contains("may not act for tenant", refused.Status.Detail);
        Assert.Equal(live, await DumpAsync(tenant));
    }

    [Fact]
    public async Task A_rebuild_whose_client_lacks_the_snapshot_role_is_refused_by_the_source()
    {
        var tenant = ReportingHost.NewTenant();
        // A reader may read budget but not ask it for a snapshot.
        await host.AllowRebuildAsync([tenant], ["reader"]);
        var refused = await Region.TestSupport.Rpc.FailsWith(global::Grpc.Core.StatusCode.FailedPrecondition, () => host.Client(tenant).RebuildReadModelAsync(new()).ResponseAsync);
        Assert.Contains("The budget service refused reporting's token (PermissionDenied)", refused.Status.Detail);
    }

    [Fact]
    public async Task A_rebuilt_read_model_equals_the_one_built_live()
    {
        var tenant = ReportingHost.NewTenant();
        await SeedAsync(tenant);
        var reporting = host.Client(tenant);
        await ReportingHost.Eventually(async () => (await DumpAsync(tenant)).Contains("forecast RST"), "the live model");
        await Task.Delay(500); // let the last events settle
        var live = await DumpAsync(tenant);
        var liveReport = await reporting.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });

        // Reporting asks budget with its own client-credentials token (role snapshot), not the caller's.
        await host.AllowRebuildAsync([tenant], ["snapshot"]);
        var response = await reporting.RebuildReadModelAsync(new());
        Assert.True(response.Announced["budget"] > 0);
        await ReportingHost.Eventually(async () => await DumpAsync(tenant) == live, "the rebuilt model to equal the live one");
        Assert.Equal(liveReport, await reporting.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" }));
    }

    [Fact]
    public async Task The_body_stays_known_while_the_read_model_is_rebuilt_and_the_rest_refills()
    {
        var tenant = ReportingHost.NewTenant();
        await SeedAsync(tenant);
        var reporting = host.Client(tenant);
        await ReportingHost.Eventually(async () => (await DumpAsync(tenant)).Contains("forecast RST"), "the live model");

        await host.AllowRebuildAsync([tenant], ["snapshot"]);
        await reporting.RebuildReadModelAsync(new());
        // Straight after the wipe: no NOT_FOUND while the snapshot's events are still on their way.
        var during = await reporting.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
        Assert.Equal(("RS", "Regionstyrelsen"), (during.BodyCode, during.BodyName));
        // The units' versions were reset for the snapshot to replace them; it does.
        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            return !await db.OrgUnits.AnyAsync(u => u.Version == 0)
                && (await reporting.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Budget.Rows.Any(r => r.HasForecast);
        }, "the refilled units and budget");
    }

    [Fact]
    public async Task Each_recorded_outcome_reaches_the_watchers_as_a_new_summary()
    {
        // How fast is measured in tests/Benchmarks (issue 19), not asserted here: a test's clock on
        // a shared CI machine measures the machine.
        var tenant = ReportingHost.NewTenant();
        var budget = await SeedAsync(tenant);
        var reporting = host.Client(tenant);
        await ReportingHost.Eventually(async () => (await reporting.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Budget.Rows.Any(r => r.HasForecast), "the seeded budget");

        using var watch = reporting.WatchReport(new() { BodyCode = "RS", Period = "2022-T2" });
        Assert.True(await watch.ResponseStream.MoveNext(default));
        var first = watch.ResponseStream.Current;

        for (var i = 1; i <= 5; i++)
        {
            await budget.RecordOutcomesAsync(new() { RequestId = $"sep-{i}", Lines = { new OutcomeLine { UnitCode = "RD", Year = 2022, Month = 8, Column = FrameColumn.PersonnelCosts, Amount = -9_500_000 - i * 1_000_000 } } });
            Assert.True(await watch.ResponseStream.MoveNext(default));
            Assert.Equal(first.Version + i, watch.ResponseStream.Current.Version);
            Assert.Equal(first.Deviation - i * 1_000_000, watch.ResponseStream.Current.Deviation);
        }
    }

    /// The tenant's read model as text, without row ids or arrival times.
    async Task<string> DumpAsync(string tenant)
    {
        await using var db = host.Db(tenant);
        var lines = new List<string>();
        lines.AddRange((await db.OrgUnits.ToListAsync()).Select(u => $"unit {u.Code} {u.Name} {u.Level} {u.ParentCode} {u.ClosedFromYear} v{u.Version}"));
        lines.AddRange((await db.Frames.ToListAsync()).Select(f => $"frame {f.UnitCode} {f.Year} {f.Category} {f.OpeningNet} {f.CurrentNet} {string.Join(",", f.MonthlyWeights ?? [])} v{f.Version}"));
        lines.AddRange((await db.Ledger.ToListAsync()).Select(l => $"ledger {l.EntryId} {l.UnitCode} {l.Kind} {l.Change} {l.Reason} {l.CaseNumber} {l.ChangedAt:O}"));
        lines.AddRange((await db.Financing.ToListAsync()).Select(f => $"financing {f.BodyCode} {f.Year} {f.Amounts.Total} v{f.Version}"));
        lines.AddRange((await db.BudgetOutcomes.ToListAsync()).Select(o => $"outcome {o.UnitCode} {o.Year}-{o.Month} {o.Column} {o.Amount}"));
        lines.AddRange((await db.Forecasts.ToListAsync()).Select(f => $"forecast {f.UnitCode} {f.Year} {f.Net} {f.Comment} v{f.Version}"));
        lines.AddRange((await db.FrameTableImports.ToListAsync()).Select(i => $"import {i.ImportId} {i.BodyCode} {i.Year} {i.Source} {i.Findings.Count}"));
        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }
}
