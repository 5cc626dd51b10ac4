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
// Kept reads (the tree, frames by division, GetFrame) trust what they keep until a change of it
// commits: here (BudgetCommitInterceptor) or anywhere (the triggers' notifications on the channel).
builder.Services.AddDatabaseChanges(BudgetChanges.Channel);
builder.Services.AddSingleton<BudgetCommitInterceptor>();
builder.Services.ConfigureDbContext<BudgetDb>((sp, o) => o.AddInterceptors(sp.GetRequiredService<BudgetCommitInterceptor>()));
builder.Services.AddSingleton<OrgTreeCache>();
builder.Services.AddSingleton<SubtreeFramesCache>();
builder.Services.AddSingleton<FrameCache>();
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
