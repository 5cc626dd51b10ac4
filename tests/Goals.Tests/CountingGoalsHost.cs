using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Region.Goals.Data;

namespace Region.Goals.Tests;

/// The goals service with every SQL command it sends counted per tenant.
public sealed class CountingGoalsHost : GoalsHost
{
    public SqlCommandCounter Commands { get; } = new();

    protected override void Configure(IWebHostBuilder web) =>
        web.ConfigureServices(services => services.ConfigureDbContext<GoalsDb>(options => options.AddInterceptors(Commands)));
}
