using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Data;

/// Writes the rows an import only inserts (a frame table's frames, an outcome batch's new lines),
/// their audit entries and their events with one PostgreSQL binary COPY per table, inside the
/// transaction the caller has open: no change tracking, no parameter per value, no statement per
/// row. Everything SaveChanges promises still holds: the rows carry the caller's tenant, each row
/// gets its "added" audit entry (AuditRecorder.Added, the same fields SaveChanges records), the
/// events land in the outbox and wake the dispatcher on commit, and a rollback takes all of it back.
public static class BulkInsert
{
    /// Inserts the rows and one audit entry each. The caller's transaction must be open.
    public static async Task InsertAsync<TRow>(this ServiceDbContext db, IReadOnlyCollection<TRow> rows, CancellationToken ct) where TRow : class
    {
        if (rows.Count == 0) return;
        var table = CopyTable.For(db, typeof(TRow));
        var tenant = db.Caller.RequiredTenant;
        foreach (var row in rows.OfType<ITenantOwned>())
            if (string.IsNullOrEmpty(row.Tenant)) row.Tenant = tenant;
        var at = DateTimeOffset.UtcNow;
        var traceId = Activity.Current?.TraceId.ToHexString();
        var audit = rows.Select(row => AuditRecorder.Added(db.Caller, table.Type, row, at, traceId)).ToList();
        await table.CopyAsync(db, rows, ct);
        await CopyTable.For(db, typeof(AuditEntry)).CopyAsync(db, audit, ct);
    }

    /// Writes the events to the outbox, in order, as Enqueue would; the dispatcher is woken when the
    /// caller's transaction commits. The caller's transaction must be open.
    public static async Task EnqueueAllAsync(this ServiceDbContext db, IEnumerable<object> events, CancellationToken ct)
    {
        var messages = events.Select(OutboxDbExtensions.Message).ToList();
        if (messages.Count == 0) return;
        await CopyTable.For(db, typeof(OutboxMessage)).CopyAsync(db, messages, ct);
        db.OutboxWrittenByCopy = true;
    }

    /// One table's COPY statement and columns, from the EF model (names, converters, store types),
    /// so an entity added to the model needs no SQL of its own. Columns the database fills (identity) are left out.
    private sealed class CopyTable
    {
        private sealed record Column(IProperty Property, string Name, ValueConverter? Converter, string DataType);

        private static readonly ConcurrentDictionary<IEntityType, CopyTable> Cache = new();

        private readonly string _statement;
        private readonly IReadOnlyList<Column> _columns;

        public IEntityType Type { get; }

        private CopyTable(IEntityType type)
        {
            Type = type;
            var store = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            _columns = type.GetFlattenedProperties()
                .Where(p => p.GetValueGenerationStrategy() is not (NpgsqlValueGenerationStrategy.IdentityByDefaultColumn
                    or NpgsqlValueGenerationStrategy.IdentityAlwaysColumn or NpgsqlValueGenerationStrategy.SerialColumn)
                    && p.GetComputedColumnSql() is null)
                .Select(p => (Property: p, Mapping: p.GetRelationalTypeMapping()))
                .Select(c => new Column(c.Property, c.Property.GetColumnName(store)!, c.Mapping.Converter, c.Mapping.StoreTypeNameBase))
                .ToList();
            var table = type.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(store.Name)}" : Quote(store.Name);
            _statement = $"COPY {table} ({string.Join(", ", _columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        }

        public static CopyTable For(DbContext db, Type row) => Cache.GetOrAdd(
            db.Model.FindEntityType(row) ?? throw new InvalidOperationException($"{row.Name} is not in the model."), t => new CopyTable(t));

        public async Task CopyAsync<TRow>(ServiceDbContext db, IEnumerable<TRow> rows, CancellationToken ct) where TRow : class
        {
            // Outside a transaction the COPY would commit on its own, apart from the change it belongs to.
            if (db.Database.CurrentTransaction is null)
                throw new InvalidOperationException("A bulk insert runs inside the caller's transaction, so it commits or rolls back with the rest of the change.");
            // EF puts each SaveChanges in an open transaction under a savepoint (a subtransaction); nothing
            // rolls back to it once COPYed rows are in the transaction (the change fails whole), and it
            // would give the tracked rows another transaction id than the COPYed ones. One round trip less, too.
            db.Database.AutoSavepointsEnabled = false;
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var importer = await connection.BeginBinaryImportAsync(_statement, ct);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(ct);
                foreach (var column in _columns)
                {
                    var value = column.Property.GetGetter().GetClrValueUsingContainingEntity(row);
                    if (value is not null && column.Converter is { } converter) value = converter.ConvertToProvider(value);
                    if (value is null) await importer.WriteNullAsync(ct);
                    else await importer.WriteAsync(value, column.DataType, ct);
                }
            }
            await importer.CompleteAsync(ct);
        }

        private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    }
}
