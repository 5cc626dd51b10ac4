using Region.Common.V1;
using Region.Goals.V1;
using static Region.Goals.Tests.Grpc.SamplePlan;
using static Region.Goals.Tests.Validation.Refusals;

namespace Region.Goals.Tests.Validation;

/// Bad requests of the read views, one test per RPC: each names every bad field.
public sealed class QueryRequestValidationTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    [Fact]
    public async Task GetPlanTree_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        BadCall Bad(string what, GetPlanTreeRequest request, params string[] fields) => new(what, () => client.GetPlanTreeAsync(request).ResponseAsync, fields);
        await AllRefusedAsync(host, tenant,
            Bad("empty", new(), "body_code", "year"),
            Bad("negative revision, period before 2000", new() { BodyCode = "RS", Year = 2022, Revision = -1, Period = new() { Year = 1999, Kind = PeriodKind.Year } },
                "revision", "period.year"));
    }

    [Fact]
    public async Task ListGoals_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        BadCall Bad(string what, Action<ListGoalsRequest> change, params string[] fields)
        {
            var request = new ListGoalsRequest { BodyCode = "RS", Year = 2022, Period = T(2) };
            change(request);
            return new(what, () => client.ListGoalsAsync(request).ResponseAsync, fields);
        }

        await AllRefusedAsync(host, tenant,
            Bad("unknown status and kind", r => { r.Status = (GoalStatus)99; r.Kind = (GoalKind)(-1); }, "status", "kind"),
            Bad("a status without a period", r => { r.Status = GoalStatus.Red; r.Period = null; }, "period"),
            Bad("negative page size, a token never given", r => { r.PageSize = -1; r.PageToken = "'; DROP TABLE plans; --"; }, "page_size", "page_token"),
            Bad("codes", r => { r.UnitCode = "RS\0"; r.GoalAreaCode = Text(41); }, "unit_code", "goal_area_code"));
    }

    [Fact]
    public async Task GetStatusCounts_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        await AllRefusedAsync(host, tenant,
            new("no period, not a date", () => client.GetStatusCountsAsync(new() { BodyCode = "RS", Year = 2022, AsOf = "2022-02-30" }).ResponseAsync, "period", "as_of"),
            new("no plan named", () => client.GetStatusCountsAsync(new() { BodyCode = "\0", Period = T(2) }).ResponseAsync, "body_code", "year"));
    }
}
