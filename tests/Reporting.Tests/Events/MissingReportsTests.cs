using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.V1;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Reporting.V1;
using Region.TestSupport;
using static Region.TestSupport.Rpc;

namespace Region.Reporting.Tests.Events;

/// ListMissingReports over a read model fed by the budget service and the broker: each missing
/// item names its unit and owner, and is gone once the event that fills it has arrived.
public sealed class MissingReportsTests(ReportingWithBudget host) : IClassFixture<ReportingWithBudget>
{
    static readonly Guid Recruitment = Guid.NewGuid();
    static readonly Guid SickLeave = Guid.NewGuid();
    static readonly Period T2 = Period.Tertial(2022, 2);

    /// RD (owner Anna) and RST with frames; RD has outcomes January–July and no forecast, RST
    /// January–August and a forecast. A goal of RD without an outcome, a red goal of RST without an analysis.
    async Task<BudgetService.BudgetServiceClient> SeedAsync(string tenant)
    {
        var budget = host.Budget.Client(tenant);
        await budget.CreateUnitAsync(new() { Code = "RJH", Name = "Region Jämtland Härjedalen", Level = UnitLevel.Region });
        await budget.CreateUnitAsync(new() { Code = "RS", Name = "Regionstyrelsen", Level = UnitLevel.Body, ParentCode = "RJH" });
        await budget.CreateUnitAsync(new() { Code = "RD", Name = "Regiondirektör", Level = UnitLevel.Area, ParentCode = "RS" });
        await budget.CreateUnitAsync(new() { Code = "RST", Name = "Regionstaben", Level = UnitLevel.Area, ParentCode = "RS" });
        await budget.SetUnitOwnerAsync(new()
        {
            Code = "RD", Etag = "1",
            Owner = new() { Name = "Anna Exempelsson", Email = "anna.exempelsson@example.se", DeputyName = "Bertil Demosson", DeputyEmail = "bertil.demosson@example.se" },
        });
        foreach (var unit in new[] { "RD", "RST" })
            await budget.OpenFrameAsync(new() { UnitCode = unit, Year = 2022, Category = FrameCategory.Officials, Opening = new() { PersonnelCosts = -120_000_000 } });
        var outcomes = new RecordOutcomesRequest { RequestId = "jan-aug" };
        for (var month = 1; month <= 8; month++)
        {
            if (month < 8) outcomes.Lines.Add(new OutcomeLine { UnitCode = "RD", Year = 2022, Month = month, Column = FrameColumn.PersonnelCosts, Amount = -10_000_000 });
            outcomes.Lines.Add(new OutcomeLine { UnitCode = "RST", Year = 2022, Month = month, Column = FrameColumn.PersonnelCosts, Amount = -10_000_000 });
        }
        await budget.RecordOutcomesAsync(outcomes);
        await budget.RecordForecastAsync(new() { UnitCode = "RST", Year = 2022, Net = -121_000_000 });

        await using var db = host.Db(tenant);
        db.Goals.Add(new() { GoalId = Recruitment, BodyCode = "RS", Year = 2022, Kind = "Goal", Name = "Rekrytering", ResponsibleUnitCode = "RD", Version = 1 });
        db.Goals.Add(new() { GoalId = SickLeave, BodyCode = "RS", Year = 2022, Kind = "Goal", Name = "Sjukfrånvaro", ResponsibleUnitCode = "RST", Version = 1 });
        db.GoalPeriods.Add(new() { GoalId = SickLeave, Year = 2022, PeriodKind = PeriodKind.Tertial, PeriodNumber = 2, Status = "Red", Basis = "Computed", StatusVersion = 1 });
        await db.SaveChangesAsync();
        return budget;
    }

    static string Items(ListMissingReportsResponse r) =>
        string.Join("; ", r.Units.SelectMany(u => u.Items.Select(i => $"{u.UnitCode} {i.Kind} {i.Subject}")));

    async Task<ListMissingReportsResponse> WaitForAsync(ReportingService.ReportingServiceClient client, string expected, string unit = "")
    {
        ListMissingReportsResponse response = null!;
        await ReportingHost.Eventually(async () =>
        {
            response = await client.ListMissingReportsAsync(new() { Period = "2022-T2", UnitCode = unit });
            return Items(response) == expected;
        }, $"missing: {expected} (last: {(response is null ? "" : Items(response))})");
        return response!;
    }

    [Fact]
    public async Task Each_missing_item_names_its_unit_and_owner_and_is_gone_when_its_event_arrives()
    {
        var tenant = ReportingHost.NewTenant();
        var budget = await SeedAsync(tenant);
        var reporting = host.Client(tenant);

        var missing = await WaitForAsync(reporting,
            "RD GoalOutcome Rekrytering; RD Forecast 2022; RD BudgetOutcome 2022-08; RST GoalAnalysis Sjukfrånvaro");
        // The owner comes with its own event (OrgUnitOwnerChanged), which may arrive after the figures.
        await ReportingHost.Eventually(async () =>
        {
            missing = await reporting.ListMissingReportsAsync(new() { Period = "2022-T2" });
            return missing.Units.Single(u => u.UnitCode == "RD").Owner is not null;
        }, "RD's owner in the replica");
        var rd = missing.Units.Single(u => u.UnitCode == "RD");
        Assert.Equal(("Regiondirektör", "Anna Exempelsson", "anna.exempelsson@example.se", "bertil.demosson@example.se"),
            (rd.UnitName, rd.Owner.Name, rd.Owner.Email, rd.Owner.DeputyEmail));
        Assert.Null(missing.Units.Single(u => u.UnitCode == "RST").Owner);

        // The budget's figures, recorded over gRPC, reach reporting as events.
        await budget.RecordOutcomesAsync(new() { RequestId = "aug", Lines = { new OutcomeLine { UnitCode = "RD", Year = 2022, Month = 8, Column = FrameColumn.PersonnelCosts, Amount = -10_000_000 } } });
        await WaitForAsync(reporting, "RD GoalOutcome Rekrytering; RD Forecast 2022; RST GoalAnalysis Sjukfrånvaro");
        await budget.RecordForecastAsync(new() { UnitCode = "RD", Year = 2022, Net = -119_000_000 });
        await WaitForAsync(reporting, "RD GoalOutcome Rekrytering; RST GoalAnalysis Sjukfrånvaro");

        // The goals service's events, as it publishes them.
        var now = DateTimeOffset.UtcNow;
        await host.Bus.Publish(new GoalOutcomeRecorded(Guid.NewGuid(), tenant, now, Recruitment, Guid.NewGuid(), T2,
            new OutcomeValues(12m, null, null), null, null, "test.user", now, 1));
        await WaitForAsync(reporting, "RST GoalAnalysis Sjukfrånvaro");
        await host.Bus.Publish(new GoalStatusAssessed(Guid.NewGuid(), tenant, now, SickLeave, Guid.NewGuid(), T2,
            "Red", "Manual", "Red", "Rekryteringen har dröjt.", "test.user", now, 2));
        await WaitForAsync(reporting, "");
    }

    [Fact]
    public async Task A_unit_narrows_the_list_to_its_subtree_and_a_unit_scope_to_what_the_caller_may_see()
    {
        var tenant = ReportingHost.NewTenant();
        await SeedAsync(tenant);
        await WaitForAsync(host.Client(tenant), "RD GoalOutcome Rekrytering; RD Forecast 2022; RD BudgetOutcome 2022-08; RST GoalAnalysis Sjukfrånvaro");

        await WaitForAsync(host.Client(tenant), "RST GoalAnalysis Sjukfrånvaro", unit: "rst");
        var scoped = new ReportingService.ReportingServiceClient(host.Invoker(tenant, ["planner"], unitScope: "RST"));
        Assert.Equal("RST GoalAnalysis Sjukfrånvaro", Items(await scoped.ListMissingReportsAsync(new() { Period = "2022-T2" })));
        await FailsWith(StatusCode.PermissionDenied, () => scoped.ListMissingReportsAsync(new() { Period = "2022-T2", UnitCode = "RD" }).ResponseAsync);

        await InvalidArgument(() => host.Client(tenant).ListMissingReportsAsync(new() { Period = "2022-T4", UnitCode = "R D" }).ResponseAsync, "period", "unit_code");
        await FailsWith(StatusCode.NotFound, () => host.Client(tenant).ListMissingReportsAsync(new() { Period = "2022-T2", UnitCode = "NOPE" }).ResponseAsync);
    }
}
