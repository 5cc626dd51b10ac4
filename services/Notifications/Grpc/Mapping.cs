using Google.Protobuf.WellKnownTypes;
using Region.Notifications.Domain;
using Api = Region.Notifications.V1;

namespace Region.Notifications.Grpc;

static class Mapping
{
    public static NotificationStatus FromProto(Api.NotificationStatus s) => s switch
    {
        Api.NotificationStatus.Sent => NotificationStatus.Sent,
        Api.NotificationStatus.Failed => NotificationStatus.Failed,
        Api.NotificationStatus.Skipped => NotificationStatus.Skipped,
        _ => NotificationStatus.Pending,
    };

    static Api.NotificationStatus ToProto(NotificationStatus s) => s switch
    {
        NotificationStatus.Sent => Api.NotificationStatus.Sent,
        NotificationStatus.Failed => Api.NotificationStatus.Failed,
        NotificationStatus.Skipped => Api.NotificationStatus.Skipped,
        _ => Api.NotificationStatus.Pending,
    };

    public static Api.Notification ToProto(Notification n)
    {
        var proto = new Api.Notification
        {
            Id = n.Id.ToString(), BodyCode = n.BodyCode, Period = n.Period,
            DueDate = new Google.Type.Date { Year = n.DueDate.Year, Month = n.DueDate.Month, Day = n.DueDate.Day },
            DaysBefore = n.DaysBefore, Overdue = n.Overdue, RecipientName = n.RecipientName, RecipientEmail = n.RecipientEmail,
            Subject = n.Subject, Items = n.Items, Status = ToProto(n.Status), Reason = n.Reason ?? "", Attempts = n.Attempts,
            CreatedAt = Timestamp.FromDateTimeOffset(n.CreatedAt),
            SentAt = n.SentAt is { } sent ? Timestamp.FromDateTimeOffset(sent) : null,
        };
        proto.Cc.AddRange(n.Cc);
        return proto;
    }
}
