using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Region.Meetings.Data;
using Region.Meetings.V1;
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

    public MeetingsDb Db(string tenant) => new(DbOptions<MeetingsDb>(), new CallerContext { Tenant = tenant });

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
}
