using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Region.Meetings.Data;

/// Lets `dotnet ef migrations add` build the model without starting the service.
public sealed class DesignTimeMeetingsDb : IDesignTimeDbContextFactory<MeetingsDb>
{
    public MeetingsDb CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<MeetingsDb>().UseNpgsql("Host=127.0.0.1;Port=55432;Database=region_meetings").Options);
}
