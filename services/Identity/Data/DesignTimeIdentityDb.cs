using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Region.Identity.Data;

/// Lets `dotnet ef migrations add` build the model without starting the service.
public sealed class DesignTimeIdentityDb : IDesignTimeDbContextFactory<IdentityDb>
{
    public IdentityDb CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<IdentityDb>().UseNpgsql("Host=127.0.0.1;Port=55432;Database=region_identity").Options);
}
