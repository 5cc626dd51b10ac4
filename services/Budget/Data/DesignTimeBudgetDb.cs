using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Region.Budget.Data;

/// Lets `dotnet ef migrations add` build the model without starting the service.
public sealed class DesignTimeBudgetDb : IDesignTimeDbContextFactory<BudgetDb>
{
    public BudgetDb CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<BudgetDb>().UseNpgsql("Host=127.0.0.1;Port=55432;Database=region_budget").Options);
}
