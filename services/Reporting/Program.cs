using MassTransit;
using Region.Reporting.Data;
using Region.Reporting.Events;
using Region.Reporting.Grpc;
using Region.Reporting.Report;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.DeadLetters;
using Region.ServiceDefaults.Bus;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Hosting;
using Region.ServiceDefaults.Inbox;
using Region.ServiceDefaults.OrgUnits;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("reporting");
builder.AddServiceDatabase<ReportingDb>();
builder.Services.AddInbox<ReportingDb>();
// Kept reports are trusted until the read model's version moves (notified on the channel).
builder.Services.AddDatabaseChanges(ReportingChanges.Channel);
builder.Services.AddSingleton<ReadModelChanges>();
builder.Services.AddSingleton<ReadModelRebuild>();
builder.Services.AddHostedService<RebuildMonitor>();
builder.Services.AddSingleton<SkippedEvents>();
builder.Services.AddSingleton<ReadModelGroups>();
builder.Services.AddSingleton<ReportSummaries>();
// Watchers wait for the events being applied, so one change at its source builds one summary.
builder.Services.AddSingleton<EventsInFlight>();
builder.Services.AddConsumeObserver(services => services.GetRequiredService<EventsInFlight>());
builder.Services.Configure<PdfOptions>(builder.Configuration.GetSection("Reporting:Pdf"));
builder.Services.AddSingleton<PdfPrinter>();
builder.Services.AddSingleton<LatestReports>();
builder.AddServiceBus("reporting", bus =>
{
    bus.AddConsumer<OrgUnitReplicaConsumer<ReportingDb>>();
    bus.AddConsumersFromNamespaceContaining<FrameOpenedConsumer>();
});

var app = builder.Build();
app.UseCallerContext();
app.MapGrpcService<ReportingGrpcService>();
app.MapRenderedReport();
app.MapGrpcService<AuditGrpcService>();
app.MapGrpcService<DeadLetterGrpcService>();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<ReportingDb>();
app.Run();

/// Visible to the in-process test host.
public partial class Program;
