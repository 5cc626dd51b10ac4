using System.Collections.Concurrent;
using System.Data;
using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Data;

/// One-statement upserts (reporting's VersionedUpsert, the org-unit replicas), written from the EF model (table, columns, the unique index of a
/// row's key, each column's type mapping with its converter), so a row added to the model needs no
/// SQL of its own. `INSERT … ON CONFLICT` takes the row's key lock in the statement itself: two
/// deliveries for one key wait for each other instead of both inserting and one failing.
public sealed class RowStatement
{
    /// PostgreSQL takes at most 65 535 parameters in one statement; a batch is split well below that.
    const int MaxParameters = 30_000;

    readonly string _table;
    readonly IReadOnlyList<Column> _columns;
    readonly IReadOnlyList<IIndex> _uniqueIndexes;

    // The statement's text around its values, the same for every row of a kind: `INSERT INTO … (…)
    // VALUES` and, per key, version and part, its `ON CONFLICT …`, so a read-model event's rows do
    // not build them anew (most statements hold one row: its values' text is kept too).
    readonly string _insertInto;
    readonly string _oneRow;
    readonly ConcurrentDictionary<(string Key, string? Version, string? Part), string> _onConflict = new();

    /// A mapped column; Member is the row's top-level property it belongs to (a complex property's
    /// name for the columns of its parts).
    sealed record Column(string Name, string Member, IProperty Property, RelationalTypeMapping Mapping, bool IsPrimaryKey);

    static readonly ConcurrentDictionary<IEntityType, RowStatement> Cache = new();

    RowStatement(IEntityType type)
    {
        var store = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        _table = type.GetSchema() is { } schema ? $"\"{schema}\".\"{store.Name}\"" : $"\"{store.Name}\"";
        _columns = type.GetFlattenedProperties()
            .Select(p => new Column(p.GetColumnName(store)!, MemberOf(p), p, p.GetRelationalTypeMapping(), p.IsPrimaryKey()))
            .ToList();
        _uniqueIndexes = type.GetIndexes().Where(i => i.IsUnique && i.GetFilter() is null).ToList();
        _insertInto = $"INSERT INTO {_table} ({string.Join(", ", _columns.Select(c => Quote(c.Name)))}) VALUES ";
        _oneRow = Placeholders(0);
    }

    /// `($n, $n+1, …)` for the row whose parameters start after the first <paramref name="before"/>.
    string Placeholders(int before) => "(" + string.Join(", ", _columns.Select((_, i) => "$" + (before + i + 1))) + ")";

    public static RowStatement For<TRow>(DbContext db) => Cache.GetOrAdd(db.Model.FindEntityType(typeof(TRow))!, t => new RowStatement(t));

    static string MemberOf(IProperty property) =>
        property.DeclaringType is IComplexType complex ? MemberOf(complex.ComplexProperty) : property.Name;

    static string MemberOf(IComplexProperty property) =>
        property.DeclaringType is IComplexType outer ? MemberOf(outer.ComplexProperty) : property.Name;

    /// The members <paramref name="key"/> reads of its row: `r => r.A == a &amp;&amp; r.B == b` or `r => new { r.A, r.B }`.
    public static IReadOnlySet<string> KeyMembers<TRow>(Expression<Func<TRow, object?>> key) => MembersOf(key);

    public static IReadOnlySet<string> KeyMembers<TRow>(Expression<Func<TRow, bool>> key) => MembersOf(key);

    static HashSet<string> MembersOf(LambdaExpression key)
    {
        var finder = new MemberFinder(key.Parameters[0]);
        finder.Visit(key.Body);
        return finder.Members;
    }

    sealed class MemberFinder(ParameterExpression row) : ExpressionVisitor
    {
        public HashSet<string> Members { get; } = [];

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression == row) Members.Add(node.Member.Name);
            return base.VisitMember(node);
        }
    }

    /// The columns of the unique index over the tenant and exactly the key's members.
    IReadOnlyList<string> ConflictTarget(IReadOnlySet<string> key)
    {
        var index = _uniqueIndexes.SingleOrDefault(i => i.Properties.Select(p => p.Name).ToHashSet().SetEquals(key.Append(nameof(ITenantOwned.Tenant))))
            ?? throw new InvalidOperationException($"{_table} has no unique index over the tenant and {string.Join(", ", key)}.");
        return index.Properties.Select(p => _columns.Single(c => c.Property == p).Name).ToList();
    }

    /// Inserts <paramref name="rows"/> (their keys distinct), or where a row of the key exists,
    /// overwrites the columns of <paramref name="part"/> (null: every column but the key's) when the
    /// row's <paramref name="version"/> column holds more than the stored one; with no version,
    /// leaves an existing row as it is. Returns the rows inserted or overwritten. While the context
    /// defers statements (ServiceDbContext.DeferStatements: a group of read-model events), they wait
    /// for its RunDeferredStatementsAsync and every row counts as written.
    public async Task<int> ExecuteAsync<TRow>(DbContext db, IReadOnlyList<TRow> rows, IReadOnlySet<string> key, string? version,
        IReadOnlySet<string>? part, CancellationToken ct) where TRow : class
    {
        var statements = Statements(db, rows, key, version, part);
        if (db is ServiceDbContext { DeferredStatements: { } deferred })
        {
            deferred.AddRange(statements);
            return rows.Count;
        }
        return await RunAsync(db, statements, ct);
    }

    List<NpgsqlBatchCommand> Statements<TRow>(DbContext db, IReadOnlyList<TRow> rows, IReadOnlySet<string> key, string? version,
        IReadOnlySet<string>? part) where TRow : class
    {
        var onConflict = OnConflict(key, version, part);
        var perStatement = Math.Max(1, MaxParameters / _columns.Count);
        var statements = new List<NpgsqlBatchCommand>();
        using var factory = db.Database.GetDbConnection().CreateCommand(); // creates the parameters only
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var statement = new NpgsqlBatchCommand();
            var count = Math.Min(perStatement, rows.Count - start);
            for (var i = start; i < start + count; i++)
                foreach (var column in _columns)
                {
                    var value = column.Property.GetGetter().GetClrValueUsingContainingEntity(rows[i]);
                    // Unnamed: positional ($1, $2, ...), as the statement refers to them.
                    statement.Parameters.Add((NpgsqlParameter)column.Mapping.CreateParameter(factory, "", value, column.Property.IsNullable));
                }
            var values = count == 1 ? _oneRow : string.Join(", ", Enumerable.Range(0, count).Select(row => Placeholders(row * _columns.Count)));
            statement.CommandText = _insertInto + values + onConflict;
            statements.Add(statement);
        }
        return statements;
    }

    /// ` ON CONFLICT (…) DO …` for the key, version and part, kept per kind of row (the call sites
    /// name a handful of each).
    string OnConflict(IReadOnlySet<string> key, string? version, IReadOnlySet<string>? part) =>
        _onConflict.GetOrAdd((string.Join(",", key.Order()), version, part is null ? null : string.Join(",", part.Order())),
            static (_, args) =>
            {
                var (statement, key, version, part) = args;
                var conflict = statement.ConflictTarget(key);
                return $" ON CONFLICT ({string.Join(", ", conflict.Select(Quote))}) "
                    + (version is null ? "DO NOTHING" : statement.UpdateClause(conflict, version, part));
            }, (this, key, version, part));

    /// Runs the statements in one round trip on the context's connection, in its transaction if it
    /// has one; returns the rows they inserted or changed.
    public static async Task<int> RunAsync(DbContext db, IReadOnlyList<NpgsqlBatchCommand> statements, CancellationToken ct)
    {
        if (statements.Count == 0) return 0;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = Batch(db, statements);
            return await batch.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    /// A batch of <paramref name="statements"/> on the context's connection, in its transaction if
    /// it has one (the caller opens the connection when no transaction holds it open).
    public static NpgsqlBatch Batch(DbContext db, IEnumerable<NpgsqlBatchCommand> statements)
    {
        var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        foreach (var statement in statements) batch.BatchCommands.Add(statement);
        return batch;
    }

    string UpdateClause(IReadOnlyList<string> conflict, string version, IReadOnlySet<string>? part)
    {
        var versionColumn = _columns.Single(c => c.Member == version).Name;
        var updated = _columns.Where(c => !c.IsPrimaryKey && c.Member != nameof(ITenantOwned.Tenant) && !conflict.Contains(c.Name)
            && (part is null || part.Contains(c.Member)));
        var set = new StringBuilder();
        foreach (var column in updated)
            set.Append(set.Length == 0 ? "" : ", ").Append($"{Quote(column.Name)} = excluded.{Quote(column.Name)}");
        return $"DO UPDATE SET {set} WHERE excluded.{Quote(versionColumn)} > {_table}.{Quote(versionColumn)}";
    }

    static string Quote(string name) => "\"" + name + "\"";
}
