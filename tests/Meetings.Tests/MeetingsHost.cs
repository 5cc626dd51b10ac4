using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Region.Meetings.Data;
using Region.Meetings.V1;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Meetings.Tests;

/// A clock the test sets: "today" decides which meetings are over.
public sealed class TestClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2022, 1, 10, 9, 0, 0, TimeSpan.FromHours(1));

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

    public void SetToday(int year, int month, int day) => Now = new DateTimeOffset(year, month, day, 9, 0, 0, TimeSpan.FromHours(1));
}

/// The meetings service in-process on its own real PostgreSQL database and the shared RabbitMQ.
public sealed class MeetingsHost() : ServiceHost<Program>("meetings")
{
    public TestClock Clock { get; } = new();

    protected override void Configure(IWebHostBuilder web) => web.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));

    public MeetingsService.MeetingsServiceClient Client(string tenant, string user = "test.user") => new(Invoker(tenant, user));

    public MeetingsService.MeetingsServiceClient AnonymousClient() => new(Invoker());

    /// Calls with a token of exactly these roles and unit scope, for authorisation tests.
    public MeetingsService.MeetingsServiceClient Client(string tenant, string[] roles, string? unitScope) => new(Invoker(tenant, roles, unitScope));

    /// Fills the tenant's org-unit replica as the budget service's events would: the region RJH
    /// with the bodies RS and HSN, and under RS its administration RS-TJM with the area RST.
    public async Task SeedUnitsAsync(string tenant)
    {
        await using var db = Db(tenant);
        foreach (var (code, level, parent) in new (string, string, string?)[] { ("RJH", "Region", null), ("RS", "Body", "RJH"), ("HSN", "Body", "RJH"), ("RS-TJM", "Division", "RS"), ("RST", "Area", "RS-TJM") })
            db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = code, Name = code, Level = level, ParentCode = parent, Version = 1 });
        await db.SaveChangesAsync();
    }

    public MeetingsDb Db(string tenant) => new MeetingsDb(DbOptions<MeetingsDb>()).Serving(new CallerContext { Tenant = tenant });

    /// Rows per table for a tenant, so a test can assert a rejected call wrote nothing.
    public async Task<string> RowCountsAsync(string tenant)
    {
        await using var db = Db(tenant);
        return string.Join(", ",
            $"calendars={await db.Calendars.CountAsync()}",
            $"meetings={await db.Meetings.CountAsync()}",
            $"items={await db.AgendaItems.CountAsync()}",
            $"plans={await db.FollowUpPlans.CountAsync()}");
    }

    /// The tenant's feed addresses and how many are revoked, beside RowCountsAsync.
    public async Task<string> FeedCountsAsync(string tenant)
    {
        await using var db = Db(tenant);
        return $"feeds={await db.FeedAddresses.CountAsync()}, revoked={await db.FeedAddresses.CountAsync(a => a.RevokedAt != null)}";
    }
}
