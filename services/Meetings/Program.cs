using Region.Meetings.Data;
using Region.Meetings.Grpc;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.DeadLetters;
using Region.ServiceDefaults.Bus;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Hosting;
using Region.ServiceDefaults.OrgUnits;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("meetings");
builder.AddServiceDatabase<MeetingsDb>();
builder.AddServiceBus("meetings", bus => bus.AddConsumer<OrgUnitReplicaConsumer<MeetingsDb>>());

var app = builder.Build();
app.UseCallerContext();
app.MapGrpcService<MeetingsGrpcService>();
app.MapGrpcService<AuditGrpcService>();
app.MapGrpcService<DeadLetterGrpcService>();
app.MapCalendarFeed();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<MeetingsDb>();
app.Run();

/// Visible to the in-process test host.
public partial class Program;
