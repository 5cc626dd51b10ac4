using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Region.Contracts.Events;
using Region.Notifications.Data;
using Region.Notifications.Domain;
using Region.Reporting.V1;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.Notifications.Reminders;

/// What one run of the reminder job publishes for one tenant on one day: for every deadline with a
/// reminder stage due (ReminderStage), one ReportsMissing event per owner with everything all their
/// units lack, through the outbox in the same transaction as the ReminderSent row that keeps the
/// stage at most once per person.
public sealed class ReminderRun(NotificationsDb db, CallerContext caller, ReportingSource reporting, IOptions<ReminderSettings> settings, ILogger<ReminderRun> logger)
{
    public sealed record Result(IReadOnlyList<string> Published, int Deadlines, int AlreadySent);

    /// A run on demand: with a token asked for this tenant.
    public async Task<Result> RunAsync(string tenant, DateOnly today, DateTimeOffset now, CancellationToken ct) =>
        await RunAsync(await reporting.ForTenantAsync(tenant, ct), tenant, today, now, ct);

    public async Task<Result> RunAsync(TenantReporting source, string tenant, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        caller.Tenant = tenant;
        if (caller.User == "unknown") caller.User = "system:reminders";
        // Last year's too: its year-end report is due in the spring.
        var deadlines = new List<ReportingDeadline>();
        foreach (var year in new[] { today.Year - 1, today.Year })
            deadlines.AddRange(await source.DeadlinesAsync(year, ct));

        var published = new List<string>();
        var (considered, alreadySent) = (0, 0);
        foreach (var deadline in deadlines.Where(d => d.DueDate is not null && d.MeetingDate is not null))
        {
            var due = new DateOnly(deadline.DueDate.Year, deadline.DueDate.Month, deadline.DueDate.Day);
            var meeting = new DateOnly(deadline.MeetingDate.Year, deadline.MeetingDate.Month, deadline.MeetingDate.Day);
            if (ReminderStage.For(today, due, meeting, settings.Value.EffectiveOffsets) is not { } stage) continue;
            considered++;
            var units = await source.MissingAsync(deadline.Period, deadline.BodyCode, ct);
            foreach (var person in units.Where(u => u.Owner is { Email.Length: > 0 and <= Region.ServiceDefaults.Requests.Input.MaxEmailLength })
                         .GroupBy(u => u.Owner.Email.Trim().ToLowerInvariant()))
            {
                var sent = new ReminderSent
                {
                    BodyCode = deadline.BodyCode, Period = deadline.Period, Stage = stage.Key, PersonEmail = person.Key,
                    EventId = Guid.NewGuid(), PublishedAt = now,
                };
                if (await db.RemindersSent.AnyAsync(r => r.BodyCode == sent.BodyCode && r.Period == sent.Period && r.Stage == sent.Stage && r.PersonEmail == sent.PersonEmail, ct))
                {
                    alreadySent++;
                    continue;
                }
                var owner = person.First().Owner;
                var reminder = new ReportsMissing(sent.EventId, tenant, now, deadline.BodyCode, deadline.Period, deadline.PeriodLabel, due, meeting,
                    stage.DaysBefore, stage.Overdue, owner.Name, owner.Email.Trim(), person.Select(Unit).ToList());
                db.RemindersSent.Add(sent);
                db.Enqueue(reminder);
                if (!await SavedFirstAsync(ct))
                {
                    alreadySent++;
                    continue;
                }
                var items = reminder.Units.Sum(u => u.Items.Count);
                published.Add($"{deadline.BodyCode} {deadline.Period} {stage}: {person.Key} ({items} items)");
                logger.LogInformation("Reminder {Stage} for {Body} {Period} published to one owner ({Items} items)", stage, deadline.BodyCode, deadline.Period, items);
            }
        }
        return new Result(published, considered, alreadySent);
    }

    /// False when another run (another scheduler instance) published the same stage first.
    async Task<bool> SavedFirstAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// A digest lists at most this many items per unit; beyond them one line says how many more
    /// (the link shows them all), so an event and its mail stay a bounded size.
    public const int MaxItemsPerUnit = 100;

    static MissingUnitData Unit(UnitMissingReports u)
    {
        var items = u.Items.Take(MaxItemsPerUnit).Select(i => new MissingItemData(KindName(i.Kind), i.Subject, i.Detail)).ToList();
        if (u.Items.Count > MaxItemsPerUnit)
            items.Add(new MissingItemData(MissingItemData.More, $"{u.Items.Count - MaxItemsPerUnit} till", ""));
        return new MissingUnitData(u.UnitCode, u.UnitName,
            string.IsNullOrWhiteSpace(u.Owner.DeputyName) ? null : u.Owner.DeputyName,
            string.IsNullOrWhiteSpace(u.Owner.DeputyEmail) ? null : u.Owner.DeputyEmail,
            items);
    }

    /// MISSING_REPORT_KIND_GOAL_OUTCOME → GoalOutcome.
    static string KindName(MissingReportKind kind) => kind.ToString();
}
