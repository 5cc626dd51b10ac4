using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Region.Budget.V1;
using Region.TestSupport;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// The budget service whose database is a closed port: it starts (migrations off, as the app
/// container behind its init container does) and must say the database is away, not fail.
public sealed class UnreachableDatabaseHost : BudgetHost
{
    protected override void Configure(IWebHostBuilder web)
    {
        web.UseSetting("Migrations:OnStartup", "false");
        web.UseSetting("ConnectionStrings:Database",
            $"Host=127.0.0.1;Port={TestInfra.FreePort()};Username=region;Password=region;Database=nowhere;Timeout=2");
    }
}

public sealed class DatabaseOutageTests(UnreachableDatabaseHost host) : IClassFixture<UnreachableDatabaseHost>
{
    [Fact]
    public async Task An_unreachable_database_is_unavailable_and_the_service_not_ready()
    {
        var client = host.Client(NewTenant());
        var deadline = DateTime.UtcNow.AddSeconds(90);

        var read = await FailsWith(StatusCode.Unavailable, () => client.GetUnitAsync(new() { Code = "RS" }, deadline: deadline).ResponseAsync);
        await FailsWith(StatusCode.Unavailable, () =>
            client.CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = UnitLevel.Region }, deadline: deadline).ResponseAsync);
        Assert.DoesNotContain("Npgsql", read.Status.Detail);

        using var http = host.HttpClient();
        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
