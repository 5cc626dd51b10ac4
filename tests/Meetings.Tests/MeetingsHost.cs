using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
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
public sealed class MeetingsHost : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;

    public TestClock Clock { get; } = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            // Not Development: no default tenant, so a call without x-tenant is refused.
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Database", _database.ConnectionString);
            web.UseSetting("RabbitMq:Uri", TestInfra.RabbitMqUri.ToString());
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
        });
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        _ = _factory.Services;
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    public MeetingsService.MeetingsServiceClient Client(string tenant, string user = "test.user") =>
        new(_channel!.Intercept(metadata =>
        {
            metadata.Add(CallerContext.TenantHeader, tenant);
            metadata.Add(CallerContext.UserHeader, user);
            return metadata;
        }));

    public MeetingsService.MeetingsServiceClient AnonymousClient() => new(_channel!);

    public HttpClient HttpClient() => _factory!.CreateClient();

    public MeetingsDb Db(string tenant) => new(
        new DbContextOptionsBuilder<MeetingsDb>().UseNpgsql(_database.ConnectionString).Options,
        new CallerContext { Tenant = tenant });

    /// Rows per table for a tenant, so a test can assert a rejected call wrote nothing.
    public async Task<string> RowCountsAsync(string tenant)
    {
        await using var db = Db(tenant);
        return string.Join(", ",
            $"calendars={await db.Calendars.CountAsync()}",
            $"meetings={await db.Meetings.CountAsync()}",
            $"items={await db.AgendaItems.CountAsync()}",
            $"plans={await db.Plans.CountAsync()}");
    }
}
