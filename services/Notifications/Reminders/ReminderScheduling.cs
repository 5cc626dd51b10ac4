using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Region.Notifications.Reminders;

public static class ReminderScheduling
{
    /// Quartz with the persistent PostgreSQL job store in the service's own database (tables
    /// qrtz_*, made by the QuartzJobStore migration, only validated here), clustered so that any
    /// number of replicas fire each trigger once, and the reminder job every Reminders:Every.
    public static IHostApplicationBuilder AddReminders(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Reminders");
        builder.Services.Configure<ReminderSettings>(section);
        builder.Services.AddScoped<ReminderRun>();
        builder.Services.TryAddKeyedSingleton(NotificationsClock.Key, TimeProvider.System);
        builder.Services.AddSingleton<ReportingSource>();
        var settings = section.Get<ReminderSettings>() ?? new ReminderSettings();
        var connectionString = builder.Configuration.GetConnectionString("Database")
            ?? throw new InvalidOperationException("ConnectionStrings:Database is not set.");
        builder.Services.AddQuartz(q =>
        {
            // Every replica under one name, each with an id of its own (UseClustering generates it).
            q.ConfigureScheduler(o => o.InstanceName = "notifications");
            // The scheduler fires on real time; only the job's "today" comes from the injected clock
            // (tests fix it), so a fixed clock never stops the triggers.
            q.UseTimeProvider(TimeProvider.System);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(10));
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(o => o.SchemaProvisioning = SchemaProvisioning.Validate);
            });
            if (!settings.Enabled) return;
            q.ScheduleJob<ReminderJob>(
                trigger => trigger.WithIdentity("reminders-every", "notifications").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(settings.Every).RepeatForever()),
                job => job.WithIdentity(ReminderJob.Key).DisallowConcurrentExecution());
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
