using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Region.ServiceDefaults.Data;

namespace Region.Goals.Tests;

/// Every SQL command the service's DbContexts send, per tenant (each test has its own), so a test can
/// pin how often a call goes to the database. The outbox dispatcher has no tenant and is not counted.
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _byTenant = new();

    public IReadOnlyList<string> Commands(string tenant) => [.. _byTenant.GetOrAdd(tenant, _ => new())];

    public void Clear(string tenant) => _byTenant[tenant] = new();

    private void Count(CommandEventData data, DbCommand command)
    {
        if (data.Context is ServiceDbContext { Caller.Tenant: { } tenant }) _byTenant.GetOrAdd(tenant, _ => new()).Enqueue(command.CommandText);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(eventData, command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(eventData, command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count(eventData, command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(eventData, command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(eventData, command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(eventData, command);
        return ValueTask.FromResult(result);
    }
}
