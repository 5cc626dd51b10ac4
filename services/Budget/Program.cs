using Region.Budget.Data;
using Region.Budget.Grpc;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.DeadLetters;
using Region.ServiceDefaults.Bus;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("budget");
builder.AddServiceDatabase<BudgetDb>();
builder.Services.AddSingleton<OrgTreeCache>();
builder.Services.AddSingleton<SubtreeFramesCache>();
builder.AddServiceBus("budget");

var app = builder.Build();
app.UseCallerContext();
app.MapGrpcService<BudgetGrpcService>();
app.MapGrpcService<AuditGrpcService>();
app.MapGrpcService<DeadLetterGrpcService>();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<BudgetDb>();
app.Run();

/// Visible to the in-process test host.
public partial class Program;
