using Region.Notifications.Data;
using Region.Notifications.Events;
using Region.Notifications.Grpc;
using Region.Notifications.Mail;
using Region.Notifications.Reminders;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.Bus;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.DeadLetters;
using Region.ServiceDefaults.Hosting;
using Region.ServiceDefaults.OrgUnits;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("notifications");
builder.AddServiceDatabase<NotificationsDb>();
builder.AddServiceBus("notifications", bus =>
{
    bus.AddConsumer<OrgUnitReplicaConsumer<NotificationsDb>>();
    bus.AddConsumer<ReportsMissingConsumer>();
});
builder.AddReminders();
builder.AddMail();

var app = builder.Build();
app.UseCallerContext();
app.MapGrpcService<NotificationsGrpcService>();
app.MapGrpcService<AuditGrpcService>();
app.MapGrpcService<DeadLetterGrpcService>();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<NotificationsDb>();
app.Run();

/// Visible to the in-process test host.
public partial class Program;
