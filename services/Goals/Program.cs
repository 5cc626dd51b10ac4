using Region.Goals.Data;
using Region.Goals.Grpc;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.DeadLetters;
using Region.ServiceDefaults.Bus;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Hosting;
using Region.ServiceDefaults.OrgUnits;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("goals");
builder.AddServiceDatabase<GoalsDb>();
// Responsible units are checked against a replica of the budget service's org units.
builder.AddServiceBus("goals", bus => bus.AddConsumer<OrgUnitReplicaConsumer<GoalsDb>>());

var app = builder.Build();
app.UseCallerContext();
app.MapGrpcService<GoalsGrpcService>();
app.MapGrpcService<AuditGrpcService>();
app.MapGrpcService<DeadLetterGrpcService>();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<GoalsDb>();
app.Run();

/// Visible to the in-process test host.
public partial class Program;
