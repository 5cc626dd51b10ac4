using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Periods;
using Region.Reporting.Data;
using Region.Reporting.Domain;
using Region.Reporting.Events;
using Region.Reporting.Report;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Grpc;

/// region.reporting.v1.ReportingService: the follow-up report and the finance queries, answered
/// from the read model only; RebuildReadModel refills that model from the source services.
public sealed class ReportingGrpcService(ReportingDb db, ReadModelChanges changes, ReadModelRebuild rebuild, ILogger<ReportingGrpcService> logger)
    : Api.ReportingService.ReportingServiceBase
{
    static readonly TimeSpan WatchFallbackPoll = TimeSpan.FromSeconds(5);

    public override async Task<Api.Report> GetReport(Api.GetReportRequest request, ServerCallContext context)
    {
        var period = Validate(request.BodyCode, request.Period);
        return await new ReportBuilder(db).BuildAsync(request.BodyCode.Trim(), period, context.CancellationToken);
    }

    public override async Task<Api.RenderedReport> RenderReport(Api.RenderReportRequest request, ServerCallContext context)
    {
        var period = Validate(request.BodyCode, request.Period, request.Note);
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
        var period = Validate(request.BodyCode, request.Period);
        var tenant = db.Caller.RequiredTenant;
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

    public override async Task<Api.DeviationByMonth> GetDeviationByMonth(Api.GetDeviationByMonthRequest request, ServerCallContext context)
    {
        var v = UnitAndYear(request.UnitCode, request.Year);
        v.Check(request.ThroughMonth is >= 0 and <= 12, "through_month", "A month from 1 to 12 (0: the whole year).");
        v.ThrowIfAny();
        var through = request.ThroughMonth == 0 ? 12 : request.ThroughMonth;
        var level = string.IsNullOrWhiteSpace(request.Level) ? "Division" : request.Level.Trim();
        var (tree, monthly) = await FiguresByMonthAsync(request.UnitCode, request.Year, through, context.CancellationToken);
        var response = new Api.DeviationByMonth { Year = request.Year };
        foreach (var unit in tree.Subtree(request.UnitCode).Where(u => u.Level.Equals(level, StringComparison.OrdinalIgnoreCase)))
        {
            var row = new Api.UnitMonths { UnitCode = unit.Code, UnitName = unit.Name };
            for (var m = 1; m <= through; m++)
            {
                var now = monthly[m].Rolled(unit.Code);
                var before = m == 1 ? UnitFigures.None : monthly[m - 1].Rolled(unit.Code);
                row.Months.Add(new Api.MonthDeviation
                {
                    Month = m,
                    Budget = now.PeriodBudget - before.PeriodBudget,
                    Outcome = now.Outcome - before.Outcome,
                    Deviation = now.Deviation - before.Deviation,
                    Accumulated = now.Deviation,
                });
            }
            response.Units.Add(row);
        }
        return response;
    }

    public override async Task<Api.ListTopDeviationsResponse> ListTopDeviations(Api.ListTopDeviationsRequest request, ServerCallContext context)
    {
        var v = UnitAndYear(request.UnitCode, request.Year);
        v.Check(request.ThroughMonth is >= 1 and <= 12, "through_month", "A month from 1 to 12.");
        v.Check(request.Limit is >= 0 and <= 1000, "limit", "At most 1000.");
        v.ThrowIfAny();
        var (tree, monthly) = await FiguresByMonthAsync(request.UnitCode, request.Year, request.ThroughMonth, context.CancellationToken);
        var figures = monthly[request.ThroughMonth];
        // A unit's own frame and outcome: roll-ups would rank every parent above its children.
        var response = new Api.ListTopDeviationsResponse();
        response.Rows.AddRange(tree.Subtree(request.UnitCode)
            .Select(u => (Unit: u, Own: figures.Own(u.Code)))
            .Where(x => x.Own != UnitFigures.None)
            .OrderBy(x => x.Own.Deviation).ThenBy(x => x.Unit.Code, StringComparer.Ordinal)
            .Take(request.Limit == 0 ? 10 : request.Limit)
            .Select(x => ReportBuilder.Row(x.Unit, x.Own, figures.Depth(x.Unit.Code, request.UnitCode))));
        return response;
    }

    public override async Task<Api.ListRedGoalsWithDeficitResponse> ListRedGoalsWithDeficit(Api.GetReportRequest request, ServerCallContext context)
    {
        var period = Validate(request.BodyCode, request.Period);
        var report = await new ReportBuilder(db).BuildAsync(request.BodyCode.Trim(), period, context.CancellationToken);
        var response = new Api.ListRedGoalsWithDeficitResponse();
        response.Areas.AddRange(report.Areas.Where(a => a.Goals.Red > 0 && a.Deviation < 0).OrderBy(a => a.Deviation));
        return response;
    }

    public override async Task<Api.RebuildReadModelResponse> RebuildReadModel(Api.RebuildReadModelRequest request, ServerCallContext context)
    {
        var announced = await rebuild.RunAsync(db, context.CancellationToken);
        logger.LogInformation("Read model of {Tenant} wiped; sources announced {Events} events", db.Caller.Tenant, announced.Values.Sum());
        var response = new Api.RebuildReadModelResponse();
        response.Announced.Add(announced);
        return response;
    }

    async Task<(OrgUnitReplicaTree Tree, Dictionary<int, BudgetFigures> Monthly)> FiguresByMonthAsync(string unitCode, int year, int through, CancellationToken ct)
    {
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        if (tree.Find(unitCode) is null) throw new NotFoundException($"Unit '{unitCode}' is not known to the reporting service.");
        var codes = tree.SubtreeCodes(unitCode).ToList();
        var frames = await db.Frames.AsNoTracking().Where(f => f.Year == year && codes.Contains(f.UnitCode)).ToListAsync(ct);
        var outcomes = await db.BudgetOutcomes.AsNoTracking().Where(o => o.Year == year && codes.Contains(o.UnitCode)).ToListAsync(ct);
        var forecasts = await db.Forecasts.AsNoTracking().Where(f => f.Year == year && codes.Contains(f.UnitCode)).ToListAsync(ct);
        var monthly = Enumerable.Range(1, through).ToDictionary(m => m, m => new BudgetFigures(tree, unitCode, frames, outcomes, forecasts, m));
        return (tree, monthly);
    }

    static Violations UnitAndYear(string unitCode, int year)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(unitCode), "unit_code", "A unit code is required.");
        Input.CheckYear(year, "year", v);
        return v;
    }

    static Period Validate(string bodyCode, string period, string note = "")
    {
        var v = new Violations();
        v.Check(note.Length <= 500, "note", "At most 500 characters.");
        v.Check(!string.IsNullOrWhiteSpace(bodyCode), "body_code", "A body code (e.g. RS) is required.");
        var parsed = Input.CheckPeriod(period, "period", v);
        v.ThrowIfAny();
        return parsed!.Value;
    }
}
