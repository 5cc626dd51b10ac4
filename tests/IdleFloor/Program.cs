using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Region.ServiceDefaults.Bus;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Hosting;

// What a service holds in memory before any code of its own (tests/Benchmarks --stack measures both
// beside the five services, in the same run and as they are published):
//   empty   an ASP.NET Core gRPC server whose one service (grpc.health.v1) does nothing: the runtime,
//           Kestrel and gRPC;
//   defaults  the services' shared host without bus and database: ServiceDefaults (authentication,
//             OpenTelemetry, health, gRPC reflection and JSON transcoding);
//   bus       and the bus (MassTransit on RabbitMQ) without a consumer;
//   shared    and a database context with the outbox and audit tables (EF Core, Npgsql, their
//             migration, the outbox dispatcher): the shared host, with no service of its own.
// Idle memory above "shared" is a service's own; between "empty" and "shared", the libraries'.
string[] modes = ["empty", "defaults", "bus", "shared"];
var mode = args.FirstOrDefault(modes.Contains)
    ?? throw new ArgumentException($"IdleFloor: say which floor, one of {string.Join(", ", modes)}.");
var builder = WebApplication.CreateBuilder(args);
if (mode == "empty")
{
    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        kestrel.ListenAnyIP(Port("Ports:Grpc"), listen => listen.Protocols = HttpProtocols.Http2);
        kestrel.ListenAnyIP(Port("Ports:Http"), listen => listen.Protocols = HttpProtocols.Http1);
    });
    builder.Services.AddGrpc();
    builder.Services.AddGrpcHealthChecks();
    var empty = builder.Build();
    empty.MapGrpcHealthChecksService();
    empty.MapHealthChecks("/readyz");
    empty.Run();
    return;
}

builder.AddServiceDefaults("idle-floor");
if (mode is "bus" or "shared") builder.AddServiceBus("idle-floor");
if (mode is "shared") builder.AddServiceDatabase<FloorDb>();
var app = builder.Build();
app.UseCallerContext();
app.MapDefaultEndpoints();
if (mode is "shared") await app.MigrateDatabaseAsync<FloorDb>();
app.Run();

int Port(string key) => int.Parse(builder.Configuration[key] ?? throw new ArgumentException($"{key} is not set."), CultureInfo.InvariantCulture);

/// The shared host's database: the tables every service has (outbox, audit trail) and nothing else.
public sealed class FloorDb(DbContextOptions<FloorDb> options) : ServiceDbContext(options);

/// Lets `dotnet ef migrations add` build the model without starting the server.
public sealed class DesignTimeFloorDb : IDesignTimeDbContextFactory<FloorDb>
{
    public FloorDb CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<FloorDb>().UseNpgsql("Host=127.0.0.1;Port=55432;Database=region_idle_floor").Options);
}
