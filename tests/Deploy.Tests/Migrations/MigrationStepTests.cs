using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Budget.Data;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Deploy.Tests.Migrations;

/// Migrations as the Kubernetes init step: the service binary with Migrations:Only=true migrates
/// and exits, several at once take turns on the advisory lock, and the app container can skip it.
public sealed class MigrationStepTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Three_init_containers_starting_at_once_migrate_a_new_database_once_and_exit_0()
    {
        // Not created: the first migrator creates it, as on a fresh cluster.
        await using var database = new PostgresDatabase();
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RunMigrateOnlyAsync(database.ConnectionString)));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}:\n{run.Output}"));
        Assert.All(runs, run => Assert.Contains("Migrations:Only is set", run.Output));

        await using var db = Open(database.ConnectionString);
        var expected = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await db.Database.GetAppliedMigrationsAsync());
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", connection);
        Assert.Equal((long)expected.Count, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_app_container_skips_migrations_when_OnStartup_is_false()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Database", database.ConnectionString);
            web.UseSetting("RabbitMq:Uri", TestInfra.RabbitMqUri.ToString());
            web.UseSetting("Migrations:OnStartup", "false");
            // Required to start; never asked here, as no call arrives.
            web.UseSetting("Auth:Authority", "http://127.0.0.1:9/");
            web.UseSetting("Auth:RequireHttpsMetadata", "false");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
        }))
        {
            _ = factory.Services; // starts the host
        }
        await using var db = Open(database.ConnectionString);
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
    }

    static BudgetDb Open(string connectionString) =>
        new BudgetDb(new DbContextOptionsBuilder<BudgetDb>().UseNpgsql(connectionString).Options).Serving(new CallerContext());

    /// The budget service as the init container runs it: its own process, configured by environment.
    static async Task<(int ExitCode, string Output)> RunMigrateOnlyAsync(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Budget.dll") },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Migrations__Only"] = "true";
        start.Environment["ConnectionStrings__Database"] = connectionString;
        // A broker nobody listens on: the migrate step must not need one.
        start.Environment["RabbitMq__Uri"] = "rabbitmq://127.0.0.1:9/";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"still running after {Patience.TotalSeconds} s:\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
