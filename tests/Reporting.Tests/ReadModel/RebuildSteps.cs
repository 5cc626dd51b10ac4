using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Reporting.ReadModel;
using Region.Reporting.Tests.Events;
using Region.Reporting.V1;

namespace Region.Reporting.Tests.ReadModel;

/// The steps the rebuild tests share, on their class's reporting host with budget beside it.
public abstract class RebuildSteps(ReportingWithBudget host)
{
    protected ReportingWithBudget Host { get; } = host;

    protected static readonly GetReportRequest RsT2 = new() { BodyCode = "RS", Period = "2022-T2" };

    /// A tenant with budget's seed in its live model, and that model and report as they are.
    protected async Task<(string Tenant, ReportingService.ReportingServiceClient Reporting, string Dump, Region.Reporting.V1.Report Report)> SeededAsync()
    {
        var tenant = ReportingHost.NewTenant();
        await BudgetSeed.SeedAsync(Host, tenant);
        var reporting = Host.Client(tenant);
        await ReportingHost.Eventually(async () => (await BudgetSeed.DumpAsync(Host, tenant)).Contains("forecast RST"), "the live model");
        await Task.Delay(500); // let the last events settle
        return (tenant, reporting, await BudgetSeed.DumpAsync(Host, tenant), await reporting.GetReportAsync(RsT2));
    }

    /// Publishes Regionstaben's forecast as budget would: its live version plus <paramref name="version"/>,
    /// with <paramref name="net"/> (null: as it is).
    protected async Task PublishForecastAsync(string tenant, int version, long? net)
    {
        var held = await ForecastAsync(tenant);
        await Host.Bus.Publish(new BudgetForecastRecorded(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, "RST", 2022,
            net ?? held.Net, held.Comment, held.Version + version));
    }

    protected async Task<ForecastRow> ForecastAsync(string tenant)
    {
        await using var db = Host.Db(tenant);
        return await db.Forecasts.AsNoTracking().SingleAsync(f => f.UnitCode == "RST");
    }

    /// How often the rebuild has asked budget for its snapshot.
    protected async Task<int> AttemptsAsync(string tenant, string rebuildId)
    {
        await using var db = Host.Db(tenant);
        return (await db.RebuildSources.AsNoTracking().SingleAsync(s => s.RebuildId == Guid.Parse(rebuildId))).Attempts;
    }

    protected async Task<int> ShadowRowsAsync(string tenant)
    {
        await using var db = Host.Db(ShadowModel.KeyOf(tenant));
        return await db.Forecasts.CountAsync() + await db.Frames.CountAsync();
    }

    protected static async Task<Region.Reporting.V1.ReadModelRebuild> EndedAsync(ReportingService.ReportingServiceClient reporting, string rebuildId)
    {
        Region.Reporting.V1.ReadModelRebuild rebuild = null!;
        await ReportingHost.Eventually(async () =>
        {
            rebuild = await reporting.GetReadModelRebuildAsync(new() { RebuildId = rebuildId });
            return rebuild.State != RebuildState.Running;
        }, "the rebuild to end", seconds: ReportingHost.RebuildTimeout.TotalSeconds + 40);
        return rebuild;
    }
}
