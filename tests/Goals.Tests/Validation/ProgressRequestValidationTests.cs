using Region.Common.V1;
using Region.Goals.V1;
using static Region.Goals.Tests.Grpc.SamplePlan;
using static Region.Goals.Tests.Validation.Refusals;

namespace Region.Goals.Tests.Validation;

/// Bad requests of the follow-up calls, one test per RPC: each names every bad field and records nothing.
public sealed class ProgressRequestValidationTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    [Fact]
    public async Task RecordOutcome_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        BadCall Bad(string what, Action<RecordOutcomeRequest> change, params string[] fields)
        {
            var request = new RecordOutcomeRequest { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Outcome = new() { Total = "5.2" }, Etag = "0" };
            change(request);
            return new(what, () => client.RecordOutcomeAsync(request).ResponseAsync, fields);
        }

        await AllRefusedAsync(host, tenant,
            Bad("nothing named", r => { r.BodyCode = ""; r.GoalCode = ""; r.Period = null; r.Outcome = null; r.Etag = ""; },
                "body_code", "goal_code", "period", "outcome.total", "etag"),
            // Where no value is left, also "at least one value" (on outcome.total).
            Bad("not numbers", r => r.Outcome = new() { Total = "NaN", Women = "Infinity", Men = "1e400" }, "outcome.total", "outcome.women", "outcome.men", "outcome.total"),
            Bad("other scripts' digits", r => r.Outcome = new() { Total = "٤٫٥" }, "outcome.total", "outcome.total"),
            Bad("beyond the range", r => r.Outcome = new() { Total = "1000000000000000", Women = "-1000000000000000" }, "outcome.total", "outcome.women", "outcome.total"),
            Bad("women + men beyond the range", r => r.Outcome = new() { Women = "999999999999999", Men = "999999999999999" }, "outcome.total"),
            Bad("7 decimals", r => r.Outcome = new() { Total = "4.1234567" }, "outcome.total", "outcome.total"),
            Bad("source and comment too long", r => { r.Source = Text(301); r.Comment = Text(2001); }, "source", "comment"),
            Bad("control characters", r => { r.Source = "Heroma\n"; r.Comment = "a\u0001b"; }, "source", "comment"),
            Bad("unknown period kind", r => r.Period = new Period { Year = 2022, Kind = (PeriodKind)99, Number = 1 }, "period.kind"),
            Bad("etag too long", r => r.Etag = Text(21), "etag"));
    }

    [Fact]
    public async Task AssessGoal_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        BadCall Bad(string what, Action<AssessGoalRequest> change, params string[] fields)
        {
            var request = new AssessGoalRequest { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-9", Period = T(2), Status = GoalStatus.Yellow, Analysis = "Pågår.", Etag = "0" };
            change(request);
            return new(what, () => client.AssessGoalAsync(request).ResponseAsync, fields);
        }

        await AllRefusedAsync(host, tenant,
            Bad("status 99", r => r.Status = (GoalStatus)99, "status"),
            Bad("status -1", r => r.Status = (GoalStatus)(-1), "status"),
            Bad("no status, no analysis", r => { r.Status = GoalStatus.Unspecified; r.Analysis = " "; }, "status", "analysis"),
            Bad("analysis too long", r => r.Analysis = Text(4001), "analysis"),
            Bad("NUL in the analysis", r => r.Analysis = "Pågår\0", "analysis"),
            Bad("goal code with a right-to-left mark", r => r.GoalCode = "\u202EHALSA-9", "goal_code"));
    }

    [Fact]
    public async Task GetGoalFollowUp_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        await AllRefusedAsync(host, tenant,
            new("100 000-character goal code", () => client.GetGoalFollowUpAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = Huge, Period = T(2) }).ResponseAsync, "goal_code"),
            new("period kind 99", () => client.GetGoalFollowUpAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = new() { Year = 2022, Kind = (PeriodKind)99 } }).ResponseAsync, "period.kind"),
            new("month 13", () => client.GetGoalFollowUpAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = new() { Year = 2022, Kind = PeriodKind.Month, Number = 13 } }).ResponseAsync, "period.number"));
    }

    [Fact]
    public async Task SetActivityStatus_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        BadCall Bad(string what, Action<SetActivityStatusRequest> change, params string[] fields)
        {
            var request = new SetActivityStatusRequest { BodyCode = "RS", Year = 2022, ActivityCode = "HALSA-3-A1", Status = ActivityStatus.Ongoing, Etag = "0" };
            change(request);
            return new(what, () => client.SetActivityStatusAsync(request).ResponseAsync, fields);
        }

        await AllRefusedAsync(host, tenant,
            Bad("status 99", r => r.Status = (ActivityStatus)99, "status"),
            Bad("no status", r => r.Status = ActivityStatus.Unspecified, "status"),
            Bad("comment too long", r => r.Comment = Text(1001), "comment"),
            Bad("NUL in the code", r => r.ActivityCode = "HALSA-3-A1\0", "activity_code"),
            Bad("no etag", r => r.Etag = "", "etag"));
    }

    [Fact]
    public async Task RecordIndicatorOutcome_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        BadCall Bad(string what, Action<RecordIndicatorOutcomeRequest> change, params string[] fields)
        {
            var request = new RecordIndicatorOutcomeRequest { BodyCode = "RS", Year = 2022, IndicatorCode = "IND-1", Period = T(2), Outcome = new() { Total = "5.1" } };
            change(request);
            return new(what, () => client.RecordIndicatorOutcomeAsync(request).ResponseAsync, fields);
        }

        await AllRefusedAsync(host, tenant,
            Bad("no code, no values", r => { r.IndicatorCode = ""; r.Outcome = null; }, "indicator_code", "outcome.total"),
            Bad("values not numbers", r => r.Outcome = new() { Total = "-1e400", Men = "∞" }, "outcome.total", "outcome.men", "outcome.total"),
            Bad("source and comment too long", r => { r.Source = Text(301); r.Comment = Text(2001); }, "source", "comment"));
    }
}
