using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Notifications.Data;
using Region.Notifications.Domain;
using Region.Notifications.Reminders;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Grpc;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;
using Api = Region.Notifications.V1;

namespace Region.Notifications.Grpc;

/// region.notifications.v1.NotificationsService: the notifications sent, opt-outs and a reminder run on demand.
public sealed class NotificationsGrpcService(NotificationsDb db, RequestContext current, CallerContext caller, ReminderRun reminders,
    [FromKeyedServices(NotificationsClock.Key)] TimeProvider clock, ILogger<NotificationsGrpcService> logger)
    : Api.NotificationsService.NotificationsServiceBase
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public override async Task<Api.ListNotificationsResponse> ListNotifications(Api.ListNotificationsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        Input.CheckText(request.Email, "email", Input.MaxEmailLength, v);
        var period = Input.NullIfBlank(request.Period) is null ? null : Input.CheckPeriod(request.Period, "period", v);
        v.Check(Enum.IsDefined(request.Status), "status", "One of the NotificationStatus values.");
        var (offset, size) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, v);
        v.ThrowIfAny();

        var query = db.Notifications.AsNoTracking();
        if (Input.NullIfBlank(request.Email) is { } email)
        {
            var address = email.ToLowerInvariant();
            query = query.Where(n => n.RecipientEmail == address);
        }
        if (period is { } p)
        {
            var text = p.ToString();
            query = query.Where(n => n.Period == text);
        }
        if (request.Status != Api.NotificationStatus.Unspecified)
        {
            var status = Mapping.FromProto(request.Status);
            query = query.Where(n => n.Status == status);
        }
        var total = await query.CountAsync(context.CancellationToken);
        var page = await query.OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id).Skip(offset).Take(size).ToListAsync(context.CancellationToken);
        var response = new Api.ListNotificationsResponse { TotalSize = total, NextPageToken = PageToken.Next(offset, size, total) };
        response.Notifications.AddRange(page.Select(Mapping.ToProto));
        return response;
    }

    public override async Task<Api.OptOut> SetOptOut(Api.SetOptOutRequest request, ServerCallContext context)
    {
        var v = new Violations();
        Input.CheckEmail(request.Email, "email", v);
        v.ThrowIfAny();
        var ct = context.CancellationToken;
        var email = request.Email.Trim().ToLowerInvariant();
        var existing = await db.OptOuts.SingleOrDefaultAsync(o => o.Email == email, ct);
        if (request.OptedOut && existing is null)
            db.OptOuts.Add(new OptOut { Email = email, CreatedAt = current.Now, CreatedBy = caller.ShownAs });
        else if (!request.OptedOut && existing is not null)
            db.OptOuts.Remove(existing);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Set at the same moment by someone else: the address is opted out, as asked.
        }
        logger.LogInformation("Reminders {Change} for one address", request.OptedOut ? "stopped" : "resumed");
        return new Api.OptOut { Email = email, OptedOut = request.OptedOut };
    }

    public override async Task<Api.RunRemindersResponse> RunReminders(Api.RunRemindersRequest request, ServerCallContext context)
    {
        var v = new Violations();
        DateOnly? asOf = null;
        if (request.AsOf is { } d)
        {
            if (v.Check(Input.IsValidYear(d.Year) && d.Month is >= 1 and <= 12 && d.Day >= 1 && d.Day <= DateTime.DaysInMonth(Math.Clamp(d.Year, 1, 9999), Math.Clamp(d.Month, 1, 12)),
                    "as_of", "A date such as 2022-08-30."))
                asOf = new DateOnly(d.Year, d.Month, d.Day);
        }
        v.ThrowIfAny();
        var now = clock.GetUtcNow();
        var result = await reminders.RunAsync(current.Tenant, asOf ?? ReminderJob.RegionToday(now), now, context.CancellationToken);
        var response = new Api.RunRemindersResponse { Deadlines = result.Deadlines, AlreadySent = result.AlreadySent };
        response.Published.AddRange(result.Published);
        return response;
    }
}
