using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Region.Goals.Data;

/// Lets `dotnet ef migrations add` build the model without starting the service.
public sealed class DesignTimeGoalsDb : IDesignTimeDbContextFactory<GoalsDb>
{
    public GoalsDb CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<GoalsDb>().UseNpgsql("Host=127.0.0.1;Port=55432;Database=region_goals").Options);
}
