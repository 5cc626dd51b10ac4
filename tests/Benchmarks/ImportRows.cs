using Npgsql;

namespace Region.Benchmarks;

/// Every row one transaction wrote to a service's database (its data, outbox and audit rows), kept
/// as PostgreSQL's binary COPY of each table, so the baseline of an import can bulk-load the very
/// same rows into the same tables again. Rows are found by their xmin (the writing transaction),
/// tables are loaded parents first (foreign keys), and the rows a load wrote are deleted again before
/// the next one, so every load meets the table as the import did.
public sealed class ImportRows(string connectionString, IReadOnlyList<(string Table, long Rows, byte[] Copy)> tables)
{
    private string _lastWriter = "";

    public long Rows => tables.Sum(t => t.Rows);

    public string Tables => string.Join(", ", tables.Select(t => $"{t.Table} ({t.Rows})"));

    /// The rows written by the transaction that wrote the row `anchorQuery` selects (its xmin).
    public static async Task<ImportRows> CaptureAsync(string connectionString, string anchorQuery)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var writer = (string)(await new NpgsqlCommand($"SELECT xmin::text FROM ({anchorQuery}) anchor LIMIT 1", connection).ExecuteScalarAsync()
            ?? throw new InvalidOperationException($"No row for {anchorQuery}."));
        var captured = new List<(string, long, byte[])>();
        foreach (var table in await TablesParentsFirstAsync(connection))
        {
            var count = (long)(await new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE xmin::text = '{writer}'", connection).ExecuteScalarAsync())!;
            if (count == 0) continue;
            using var buffer = new MemoryStream();
            await using (var export = await connection.BeginRawBinaryCopyAsync($"COPY (SELECT * FROM {table} WHERE xmin::text = '{writer}') TO STDOUT (FORMAT BINARY)"))
                await export.CopyToAsync(buffer);
            captured.Add((table, count, buffer.ToArray()));
        }
        return new ImportRows(connectionString, captured) { _lastWriter = writer };
    }

    /// Deletes the rows the last load (or the captured import) wrote, children first. The audit
    /// table's guard against deletion is lifted for the delete alone (the load meets it as the import did).
    public async Task DeleteLastAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var (table, _, _) in tables.Reverse())
        {
            await new NpgsqlCommand($"ALTER TABLE {table} DISABLE TRIGGER USER", connection, transaction).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"DELETE FROM {table} WHERE xmin::text = '{_lastWriter}'", connection, transaction).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"ALTER TABLE {table} ENABLE TRIGGER USER", connection, transaction).ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    /// One transaction: a binary COPY per table, parents first.
    public async Task LoadAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var (table, _, copy) in tables)
        {
            await using var load = await connection.BeginRawBinaryCopyAsync($"COPY {table} FROM STDIN (FORMAT BINARY)");
            await load.WriteAsync(copy);
        }
        // xmin is the low 32 bits of the transaction id.
        _lastWriter = (string)(await new NpgsqlCommand("SELECT (pg_current_xact_id()::text::bigint % 4294967296)::text", connection, transaction).ExecuteScalarAsync())!;
        await transaction.CommitAsync();
    }

    /// Fails unless the import wrote at least `minimumRows` rows and a load (after deleting them)
    /// writes every one of them again: a baseline that loads nothing must not make a ratio.
    public async Task CheckLoadAsync(long minimumRows)
    {
        if (Rows < minimumRows) throw new InvalidOperationException($"The import wrote {Rows} rows ({Tables}), expected at least {minimumRows}.");
        await DeleteLastAsync();
        await LoadAsync();
        var loaded = await CountLastAsync();
        if (loaded != Rows) throw new InvalidOperationException($"The load wrote {loaded} rows, expected {Rows} ({Tables}).");
        Console.WriteLine($"// ImportRows: {Tables}");
    }

    private async Task<long> CountLastAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var count = 0L;
        foreach (var (table, _, _) in tables)
            count += (long)(await new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE xmin::text = '{_lastWriter}'", connection).ExecuteScalarAsync())!;
        return count;
    }

    /// The database's tables, each after every table its foreign keys point to.
    private static async Task<List<string>> TablesParentsFirstAsync(NpgsqlConnection connection)
    {
        var parents = new Dictionary<string, HashSet<string>>();
        await using (var reader = await new NpgsqlCommand("""
            SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
            WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> '__EFMigrationsHistory'
            """, connection).ExecuteReaderAsync())
            while (await reader.ReadAsync()) parents[reader.GetString(0)] = [];
        await using (var reader = await new NpgsqlCommand("""
            SELECT quote_ident(cn.nspname) || '.' || quote_ident(c.relname), quote_ident(pn.nspname) || '.' || quote_ident(p.relname)
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
            JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace
            WHERE k.contype = 'f' AND k.conrelid <> k.confrelid
            """, connection).ExecuteReaderAsync())
            while (await reader.ReadAsync())
                if (parents.TryGetValue(reader.GetString(0), out var of)) of.Add(reader.GetString(1));
        var ordered = new List<string>();
        while (ordered.Count < parents.Count)
        {
            var next = parents.Keys.Where(t => !ordered.Contains(t) && parents[t].All(p => ordered.Contains(p) || !parents.ContainsKey(p))).ToList();
            if (next.Count == 0) throw new InvalidOperationException("The foreign keys form a cycle.");
            ordered.AddRange(next.Order());
        }
        return ordered;
    }
}
