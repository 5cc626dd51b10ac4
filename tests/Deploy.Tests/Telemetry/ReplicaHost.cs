using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Region.Contracts.Events;
using Region.ServiceDefaults.Bus;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Hosting;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Deploy.Tests.Telemetry;

/// The database of a second service that keeps a replica of the budget service's org units, as
/// goals, investments and meetings do.
public sealed class ReplicaDb(DbContextOptions<ReplicaDb> options) : ServiceDbContext(options), IOrgUnitReplicaDb
{
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOrgUnitReplica();
        base.OnModelCreating(modelBuilder);
    }
}

/// Fails every OrgUnitCreated whose code starts with FAIL, after the bus's retries, so the failure
/// counter has something to count.
public sealed class FailingConsumer : IConsumer<OrgUnitCreated>
{
    public Task Consume(ConsumeContext<OrgUnitCreated> context) =>
        context.Message.Unit.Code.StartsWith("FAIL", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"Unit {context.Message.Unit.Code} is refused by the test")
            : Task.CompletedTask;
}

/// A second service process in miniature: the same ServiceDefaults (telemetry, Kestrel endpoints,
/// bus, database), consuming the budget service's unit events from the real broker.
public static class ReplicaHost
{
    public static async Task<WebApplication> StartAsync(
        string connectionString, Uri rabbitMq, int grpcPort, int httpPort, ICollection<Activity> spans, ConcurrentQueue<CapturedLog> logs)
    {
        var name = "replica-" + Guid.NewGuid().ToString("N")[..8];
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["ConnectionStrings:Database"] = connectionString;
        builder.Configuration["RabbitMq:Uri"] = rabbitMq.ToString();
        builder.Configuration["Ports:Grpc"] = grpcPort.ToString();
        builder.Configuration["Ports:Http"] = httpPort.ToString();
        builder.Configuration["Auth:Authority"] = (await IdentityProvider.SharedAsync()).Authority.ToString();
        builder.Configuration["Auth:RequireHttpsMetadata"] = "false";
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("MassTransit", LogLevel.Warning);
        builder.Logging.AddProvider(new CapturingLoggerProvider(logs));
        builder.AddServiceDefaults(name);
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
        builder.AddServiceDatabase<ReplicaDb>();
        builder.AddServiceBus(name, x =>
        {
            // Temporary queues: nothing is left on the shared broker after the test.
            x.AddConsumer<OrgUnitReplicaConsumer<ReplicaDb>>().Endpoint(e => e.Temporary = true);
            x.AddConsumer<FailingConsumer>().Endpoint(e => e.Temporary = true);
        });

        var app = builder.Build();
        app.MapDefaultEndpoints();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ReplicaDb>().Database.EnsureCreatedAsync();
        await app.StartAsync();

        // The queues must be bound before the budget service publishes, or RabbitMQ drops the event.
        await TestInfra.WaitUntilHealthyAsync(app.Services.GetRequiredService<IBusControl>(), name);
        return app;
    }
}
