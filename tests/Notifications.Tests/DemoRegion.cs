extern alias reporting;
using Region.Contracts.Periods;
using Region.ServiceDefaults.OrgUnits;
using reporting::Region.Reporting.ReadModel;

namespace Region.Notifications.Tests;

/// One tenant shaped like the RS 2022 demo at tertial 2: RS meets on 27 September 2022 to treat
/// tertial 2, so its reports are due on 13 September. Anna answers for RD and HR (deputy Bertil
/// for RD), Cecilia for RST; each unit has a goal without what tertial 2 needs. Addresses carry
/// the tenant, so tests sharing the mail server see only their own mails.
public sealed class DemoRegion
{
    public string Tenant { get; } = "t" + Guid.NewGuid().ToString("N")[..12];
    public string Anna => $"anna.{Tenant}@example.se";
    public string Bertil => $"bertil.{Tenant}@example.se";
    public string Cecilia => $"cecilia.{Tenant}@example.se";

    public static async Task<DemoRegion> SeedAsync(NotificationsFixture f, string? annaAddress = null)
    {
        var region = new DemoRegion();
        var anna = annaAddress ?? region.Anna;
        await f.ServiceClient.AllowAsync(f.Host.Identity, region.Tenant);
        await using (var db = f.Reporting.Db(region.Tenant))
        {
            db.OrgUnits.AddRange(
                Unit("RJH", "Region Jämtland Härjedalen", "Region", null),
                Unit("RS", "Regionstyrelsen", "Body", "RJH"),
                Unit("RD", "Regiondirektör", "Area", "RS", ("Anna Exempelsson", anna, "Bertil Demosson", region.Bertil)),
                Unit("HR", "HR-avdelningen", "Area", "RS", ("Anna Exempelsson", anna, null, null)),
                Unit("RST", "Regionstaben", "Area", "RS", ("Cecilia Prov", region.Cecilia, null, null)));
            db.Meetings.Add(new MeetingRow
            {
                MeetingId = Guid.NewGuid(), BodyCode = "RS", Year = 2022, Kind = "BoardMeeting", StartDate = new(2022, 9, 27), Version = 1,
                Items = [new("Delårsrapport per augusti", "Ekonomidirektör", 2022, "Tertial", 2)],
            });
            var sickLeave = Guid.NewGuid();
            db.Goals.AddRange(
                Goal("Rekrytering <snabbare>", "RD"),
                Goal("Kompetensförsörjning & ledarskap", "HR"),
                new GoalRow { GoalId = sickLeave, BodyCode = "RS", Year = 2022, Kind = "Goal", Name = "Sjukfrånvaro", ResponsibleUnitCode = "RST", Version = 1 });
            db.GoalPeriods.Add(new GoalPeriodRow { GoalId = sickLeave, Year = 2022, PeriodKind = PeriodKind.Tertial, PeriodNumber = 2, Status = "Red", Basis = "Computed", StatusVersion = 1 });
            await db.SaveChangesAsync();
        }
        // The notifications service learns its tenants from the org-unit replica, as from budget's events.
        foreach (var host in f.Hosts.Take(1))
        {
            await using var db = host.Db(region.Tenant);
            db.OrgUnits.Add(Unit("RS", "Regionstyrelsen", "Body", null));
            await db.SaveChangesAsync();
        }
        return region;
    }

    static GoalRow Goal(string name, string unit) =>
        new() { GoalId = Guid.NewGuid(), BodyCode = "RS", Year = 2022, Kind = "Goal", Name = name, ResponsibleUnitCode = unit, Version = 1 };

    static OrgUnitReplica Unit(string code, string name, string level, string? parent, (string Name, string Email, string? DeputyName, string? DeputyEmail)? owner = null) =>
        new()
        {
            Code = code, Name = name, Level = level, ParentCode = parent, Version = 1,
            OwnerName = owner?.Name, OwnerEmail = owner?.Email, DeputyName = owner?.DeputyName, DeputyEmail = owner?.DeputyEmail,
        };
}
