using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Region.Notifications.Data;

/// Lets `dotnet ef migrations add` build the model without starting the service.
public sealed class DesignTimeNotificationsDb : IDesignTimeDbContextFactory<NotificationsDb>
{
    public NotificationsDb CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<NotificationsDb>().UseNpgsql("Host=127.0.0.1;Port=55432;Database=region_notifications").Options);
}
