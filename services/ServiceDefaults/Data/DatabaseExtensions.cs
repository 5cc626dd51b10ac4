using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Data;

public static class DatabaseExtensions
{
    /// Registers the service's DbContext on PostgreSQL (connection string "Database"), its outbox
    /// dispatcher and a readiness check that reports whether the database answers. Map the audit
    /// trail's reader with app.MapGrpcService&lt;AuditGrpcService&gt;().
    public static IHostApplicationBuilder AddServiceDatabase<TDb>(this IHostApplicationBuilder builder)
        where TDb : ServiceDbContext
    {
        var connectionString = ServiceConnectionString(builder.Configuration.GetConnectionString("Database")
            ?? throw new InvalidOperationException("ConnectionStrings:Database is not set."));
        // Outbox:MaxAttempts, :Lease, :BatchSize, ... (OutboxOptions) from configuration.
        builder.Services.AddOutbox<TDb>(builder.Configuration.GetSection("Outbox").Bind);
        // Pooled: a new context per request cost its options and its own scope of EF's internal
        // services (a sixth of what an event's way through two services allocated). The scope's
        // context is one from the pool, handed to the scope's caller; ServedContext gives more.
        builder.Services.AddServedDbContext<TDb>((sp, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(3))
            .AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor<TDb>>()));
        // The service's own DbContext under its base type, for what ServiceDefaults serves from it (the audit trail).
        builder.Services.AddScoped<ServiceDbContext>(sp => sp.GetRequiredService<TDb>());
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TDb>>("database", tags: ["ready"]);
        return builder;
    }

    /// <typeparamref name="TDb"/> pooled; each scope's is one from the pool handed to the scope's
    /// CallerContext (<see cref="ServedContext{TDb}"/>), disposed (given back) with the scope.
    public static IServiceCollection AddServedDbContext<TDb>(this IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> options)
        where TDb : ServiceDbContext
    {
        services.AddPooledDbContextFactory<TDb>(options);
        return services.AddScoped(ServedContext<TDb>);
    }

    /// A context from the pool for the caller of <paramref name="scope"/>, besides the scope's own
    /// (for reads in parallel, which one context cannot do); the one who asks disposes it.
    public static TDb ServedContext<TDb>(IServiceProvider scope) where TDb : ServiceDbContext
    {
        var db = scope.GetRequiredService<IDbContextFactory<TDb>>().CreateDbContext();
        db.Serve(scope.GetRequiredService<CallerContext>());
        return db;
    }

    /// The connection string as a service sends the same few statements all day, each setting
    /// only where it does not say otherwise:
    /// - automatic preparation (Npgsql's default is off): without it PostgreSQL parses and plans
    ///   each statement anew on every call;
    /// - no reset when a connection goes back to the pool: with prepared statements Npgsql resets
    ///   with nine statements (RESET ALL, UNLISTEN *, pg_advisory_unlock_all() …) before the next
    ///   use, three times per event on the way through budget and reporting, 8 % of the database's
    ///   time in the event pipeline. The services leave no session state on a pooled connection:
    ///   locks are transaction-scoped (the migration's session lock is released in a finally), and
    ///   LISTEN has an unpooled connection of its own (ChangeListener).
    public static string ServiceConnectionString(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
            connection.MaxAutoPrepare = 64;
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
            connection.NoResetOnClose = true;
        return connection.ConnectionString;
    }

    /// Applies the migrations at start-up. An advisory lock makes several replicas starting at
    /// once take turns instead of racing on the same schema.
    ///
    /// Migrations:Only=true (the Kubernetes init container) migrates and then ends the process with
    /// exit code 0 before the host starts: no port is bound, no broker connection is made.
    /// Migrations:OnStartup=false skips the step (the app container, after that init container).
    public static async Task MigrateDatabaseAsync<TDb>(this WebApplication app, CancellationToken ct = default)
        where TDb : DbContext
    {
        var only = app.Configuration.GetValue<bool>("Migrations:Only");
        if (!only && !app.Configuration.GetValue("Migrations:OnStartup", true))
            return;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TDb>();
            var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations");
            await MigrateAsync(db, logger, ct);
            if (only)
                logger.LogInformation("Migrations:Only is set: the database is migrated, the service exits");
        }
        if (only)
        {
            await app.DisposeAsync(); // flushes the loggers
            Environment.Exit(0);
        }
    }

    public static async Task MigrateAsync(DbContext db, ILogger logger, CancellationToken ct = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        await EnsureDatabaseExistsAsync(builder, ct);
        var lockKey = (long)StableHash(builder.Database ?? "") << 8 | 0x4d; // 'M'
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        try
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_lock({lockKey})", ct);
            try
            {
                logger.LogInformation("Migrating database {Database}", builder.Database);
                // EF reads the history table before it creates it, and logs that read failing on a new
                // database as an error (dotnet/efcore#37328): every first start would show one.
                await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
                await db.Database.MigrateAsync(ct);
            }
            finally
            {
                // The lock is the session's, and a pooled connection is not reset (ServiceConnectionString):
                // released here, or the next user of this connection would hold it. A broken connection ended the session and its lock.
                if (connection.State == System.Data.ConnectionState.Open)
                    await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({lockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // EF would create the database itself, but two replicas doing so at once collide; this is the
    // one step that has to happen before we can take the advisory lock inside that database.
    private static async Task EnsureDatabaseExistsAsync(NpgsqlConnectionStringBuilder target, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", target.Database!);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another replica created it first.
        }
    }

    private static uint StableHash(string s)
    {
        uint hash = 2166136261;
        foreach (var c in s) hash = (hash ^ c) * 16777619;
        return hash;
    }
}

/// Ready only while the service's database answers.
public sealed class DatabaseHealthCheck<TDb>(TDb db) : IHealthCheck where TDb : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The database answers.")
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}
