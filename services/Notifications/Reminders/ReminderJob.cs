using Microsoft.EntityFrameworkCore;
using Quartz;
using Region.Notifications.Data;

namespace Region.Notifications.Reminders;

/// The scheduled reminder run: every tenant the org-unit replica knows, as of today in the
/// region's time zone. Quartz's clustered store fires each trigger on one instance only, and
/// DisallowConcurrentExecution keeps two runs from overlapping; ReminderSent's unique key is what
/// holds even if they did.
public sealed class ReminderJob(IServiceScopeFactory scopes, ReportingSource reporting, [FromKeyedServices(NotificationsClock.Key)] TimeProvider clock, ILogger<ReminderJob> logger) : IJob
{
    public static readonly JobKey Key = new("reminders", "notifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        List<string> tenants;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
            tenants = await db.OrgUnits.IgnoreQueryFilters().Select(u => u.Tenant).Distinct().ToListAsync(cancellationToken);
        }
        var now = clock.GetUtcNow();
        // One token per run; a tenant the client may not act for is left out (and said once).
        var (token, allowed) = await reporting.TokenAsync(cancellationToken);
        if (allowed is not null && tenants.Except(allowed, StringComparer.Ordinal).ToList() is { Count: > 0 } refused)
            logger.LogWarning("No reminders for {Count} tenant(s) the service's client may not act for (e.g. {Tenant})", refused.Count, refused[0]);
        foreach (var tenant in allowed is null ? tenants : tenants.Intersect(allowed, StringComparer.Ordinal))
        {
            // One tenant's failure (reporting down, a missing grant) does not keep the others' reminders back.
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<ReminderRun>()
                    .RunAsync(reporting.ForTenant(tenant, token), tenant, RegionToday(now), now, cancellationToken);
                logger.LogInformation("Reminders for {Tenant}: {Published} published, {Deadlines} deadlines due, {AlreadySent} already sent",
                    tenant, result.Published.Count, result.Deadlines, result.AlreadySent);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Reminders for {Tenant} not run; the next run tries again", tenant);
            }
        }
    }

    static readonly TimeZoneInfo Region = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// The date in Sweden: a deadline's day starts at midnight there, not in UTC.
    public static DateOnly RegionToday(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Region).DateTime);
}
