using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Region.Goals.Data;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Goals.Tests.Data;

/// The CanonicalCodes migration brings what earlier versions stored into the one form codes have now.
public sealed class CanonicalCodesMigrationTests : IAsyncLifetime
{
    private const string Tenant = "t-migration";
    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    private GoalsDb Db() => new GoalsDb(new DbContextOptionsBuilder<GoalsDb>().UseNpgsql(_database.ConnectionString).Options).Serving(new CallerContext { Tenant = Tenant });

    [Fact]
    public async Task Stored_codes_become_upper_case_and_a_later_case_twin_of_a_plan_is_renamed_not_lost()
    {
        await using var db = Db();
        await db.Database.GetService<IMigrator>().MigrateAsync("20261201110732_YearPeriodNumberZero");
        Guid rs = Guid.NewGuid(), twin = Guid.NewGuid(), ks = Guid.NewGuid();
        // As the service stored them before: "rs" and "RS" both created for 2022 (the case-sensitive check let
        // the second through), and a plan whose codes were stored as sent.
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO plans ("Id", "Tenant", "BodyCode", "Year", "Name", "YellowFromPercent", "CreatedAt", "Version") VALUES
              ({0}, 't-migration', 'rs', 2022, 'Först', 90, '2022-01-01', 1),
              ({1}, 't-migration', 'RS', 2022, 'Sedan', 90, '2022-02-01', 1),
              ({2}, 't-migration', ' ks', 2023, 'Kommunstyrelsen', 90, '2022-03-01', 1);
            INSERT INTO plan_revisions ("Id", "Tenant", "PlanId", "Number", "Status", "Content", "CreatedBy", "CreatedAt", "Version") VALUES
              (gen_random_uuid(), 't-migration', {2}, 1, 'Draft', {3}::jsonb, 'test', '2022-03-01', 1);
            """, rs, twin, ks, $$"""
            {"strategies":[{"code":"med","name":"Medarbetare"}],
             "goalAreas":[{"code":"halsa","name":"Hälsa","strategyCode":"med"},{"code":"Fri","name":"Fritt","strategyCode":null}],
             "goals":[{"id":"{{Guid.NewGuid()}}","code":"halsa-3","areaCode":"halsa","kind":"Goal","name":"Sjukfrånvaro","description":null,
                       "responsibleUnitCode":"rst","isFinancialGoal":false,"target":{"kind":"NotSet","text":"Kompletteras senare"},
                       "activities":[{"id":"{{Guid.NewGuid()}}","code":"halsa-3-a1","name":"Rehab","description":null,"startDate":null,"endDate":null,"version":1}],"version":1}],
             "indicators":[{"id":"{{Guid.NewGuid()}}","code":"ind-1","name":"Sjukfrånvaro","areaCode":"halsa","unit":"%","description":null}]}
            """);

        await db.Database.MigrateAsync();

        var plans = await db.Plans.AsNoTracking().Include(p => p.Revisions).ToDictionaryAsync(p => p.Id);
        Assert.Equal(("RS", "Först"), (plans[rs].BodyCode, plans[rs].Name));
        Assert.Equal(("RS-" + twin.ToString()[..8].ToUpperInvariant(), "Sedan"), (plans[twin].BodyCode, plans[twin].Name));
        Assert.Equal("KS", plans[ks].BodyCode);
        var content = plans[ks].Revisions.Single().Content;
        Assert.Equal(("MED", "Medarbetare"), (content.Strategies[0].Code, content.Strategies[0].Name));
        Assert.Equal([("HALSA", "MED"), ("FRI", null)], content.GoalAreas.Select(a => (a.Code, a.StrategyCode)));
        var goal = content.Goals.Single();
        Assert.Equal(("HALSA-3", "HALSA", "RST", "HALSA-3-A1"), (goal.Code, goal.AreaCode, goal.ResponsibleUnitCode, goal.Activities.Single().Code));
        Assert.Equal(("IND-1", "HALSA", "%"), (content.Indicators[0].Code, content.Indicators[0].AreaCode, content.Indicators[0].Unit));

        // The database itself now refuses a second plan of a body and year in another case, whoever writes it.
        var twinAgain = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("""
            INSERT INTO plans ("Id", "Tenant", "BodyCode", "Year", "Name", "YellowFromPercent", "CreatedAt", "Version")
            VALUES (gen_random_uuid(), 't-migration', 'Ks', 2023, 'Tvilling', 90, '2023-01-01', 1);
            """));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, twinAgain.SqlState);
    }
}
