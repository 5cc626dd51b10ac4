using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Region.Investments.Data;

/// Lets `dotnet ef migrations add` build the model without starting the service.
public sealed class DesignTimeInvestmentsDb : IDesignTimeDbContextFactory<InvestmentsDb>
{
    public InvestmentsDb CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<InvestmentsDb>().UseNpgsql("Host=127.0.0.1;Port=55432;Database=region_investments").Options);
}
