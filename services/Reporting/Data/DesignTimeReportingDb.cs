using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Region.Reporting.Data;

/// Lets `dotnet ef migrations add` build the model without starting the service.
public sealed class DesignTimeReportingDb : IDesignTimeDbContextFactory<ReportingDb>
{
    public ReportingDb CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<ReportingDb>().UseNpgsql("Host=127.0.0.1;Port=55432;Database=region_reporting").Options);
}
