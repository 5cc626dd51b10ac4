using Region.Investments.Data;
using Region.Investments.Grpc;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.DeadLetters;
using Region.ServiceDefaults.Bus;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Hosting;
using Region.ServiceDefaults.OrgUnits;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("investments");
builder.AddServiceDatabase<InvestmentsDb>();
builder.AddServiceBus("investments", x => x.AddConsumer<OrgUnitReplicaConsumer<InvestmentsDb>>());

var app = builder.Build();
app.UseCallerContext();
app.MapGrpcService<InvestmentsGrpcService>();
app.MapGrpcService<AuditGrpcService>();
app.MapGrpcService<DeadLetterGrpcService>();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<InvestmentsDb>();
app.Run();

/// Visible to the in-process test host.
public partial class Program;
