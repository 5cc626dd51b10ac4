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
    readonly ConcurrentDictionary<(string Key, string? Version, string? Part), Conflict> _conflicts = new();

    /// A mapped column; Member is the row's top-level property it belongs to (a complex property's
    /// name for the columns of its parts).
    internal sealed record Column(string Name, string Member, IProperty Property, RelationalTypeMapping Mapping, bool IsPrimaryKey)
    {
        public object? Value(object row) => Property.GetGetter().GetClrValueUsingContainingEntity(row);
    }

    /// What a row does when its key's row exists: the statement's ` ON CONFLICT …` clause, the
    /// columns of its target (the tenant and the key) and the version column it compares, if any.
    /// One per kind of row, key, version and part (the call sites name a handful of each), compared
    /// by reference.
    internal sealed class Conflict(string clause, IReadOnlyList<Column> target, Column? version)
    {
        public string Clause => clause;

        /// One row per key, in key order: the one with the newest version, of equal versions (or with
        /// none) the first; what the rows' statements run one after the other leave in the table.
        public List<object> Kept(IEnumerable<object> rows)
        {
            var kept = new Dictionary<object?[], object>(ColumnValues.Instance);
            foreach (var row in rows)
            {
                var key = target.Select(c => c.Value(row)).ToArray();
                if (!kept.TryGetValue(key, out var held) || version is not null && ColumnValues.Compare(version.Value(row), version.Value(held)) > 0)
                    kept[key] = row;
            }
            return kept.OrderBy(k => k.Key, ColumnValues.Instance).Select(k => k.Value).ToList();
        }
    }

    /// A row waiting in a context that defers its statements (ServiceDbContext.DeferStatements).
    internal sealed record DeferredRow(RowStatement Statement, Conflict Conflict, object Row);

    /// Keys (the values of a conflict's target) as a dictionary's keys, and in an order that is the
    /// same in every replica: strings ordinally, other values by their own order, null first.
    sealed class ColumnValues : IEqualityComparer<object?[]>, IComparer<object?[]>
    {
        public static readonly ColumnValues Instance = new();

        public bool Equals(object?[]? x, object?[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(object?[] values)
        {
            var hash = new HashCode();
            foreach (var value in values) hash.Add(value);
            return hash.ToHashCode();
        }

        public int Compare(object?[]? x, object?[]? y)
        {
            for (var i = 0; i < x!.Length; i++)
                if (Compare(x[i], y![i]) is var order and not 0) return order;
            return 0;
        }

        public static int Compare(object? x, object? y) => (x, y) switch
        {
            (string a, string b) => string.CompareOrdinal(a, b),
            _ => Comparer<object>.Default.Compare(x, y),
        };
    }

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
    IReadOnlyList<Column> ConflictTarget(IReadOnlySet<string> key)
    {
        var index = _uniqueIndexes.SingleOrDefault(i => i.Properties.Select(p => p.Name).ToHashSet().SetEquals(key.Append(nameof(ITenantOwned.Tenant))))
            ?? throw new InvalidOperationException($"{_table} has no unique index over the tenant and {string.Join(", ", key)}.");
        return index.Properties.Select(p => _columns.Single(c => c.Property == p)).ToList();
    }

    /// Inserts <paramref name="rows"/> (of a key given twice, the row Conflict.Kept keeps), or where a
    /// row of the key exists, overwrites the columns of <paramref name="part"/> (null: every column
    /// but the key's) when the row's <paramref name="version"/> column holds more than the stored
    /// one; with no version, leaves an existing row as it is. Returns the rows inserted or overwritten. While the context
    /// defers statements (ServiceDbContext.DeferStatements: a group of read-model events), the rows
    /// wait for its RunDeferredStatementsAsync (Merged) and every row counts as written.
    public async Task<int> ExecuteAsync<TRow>(DbContext db, IReadOnlyList<TRow> rows, IReadOnlySet<string> key, string? version,
        IReadOnlySet<string>? part, CancellationToken ct) where TRow : class
    {
        var conflict = ConflictOf(key, version, part);
        if (db is ServiceDbContext { DeferredRows: { } deferred })
        {
            foreach (var row in rows) deferred.Add(new(this, conflict, row));
            return rows.Count;
        }
        return await RunAsync(db, Statements(db, conflict.Kept(rows), conflict), ct);
    }

    /// The deferred rows of a group of events as one statement per kind of row and conflict (more
    /// only past MaxParameters) instead of one per row, and in one order whatever order the events
    /// came in: the kinds by table and clause, each kind's rows by key (Conflict.Kept, as every
    /// write of rows here: one statement cannot write a row twice). Two replicas' groups that write
    /// the same rows (reporting runs two in deploy/k8s) so take their locks in the same order and
    /// wait for each other; in their events' orders they could deadlock, which PostgreSQL breaks
    /// only after deadlock_timeout (1 s) by failing one group, applied again whole.
    internal static List<NpgsqlBatchCommand> Merged(DbContext db, IEnumerable<DeferredRow> rows) =>
        rows.GroupBy(r => (r.Statement, r.Conflict))
            .OrderBy(kind => kind.Key.Statement._table, StringComparer.Ordinal)
            .ThenBy(kind => kind.Key.Conflict.Clause, StringComparer.Ordinal)
            .SelectMany(kind => kind.Key.Statement.Statements(db, kind.Key.Conflict.Kept(kind.Select(r => r.Row)), kind.Key.Conflict))
            .ToList();

    List<NpgsqlBatchCommand> Statements(DbContext db, IReadOnlyList<object> rows, Conflict conflict)
    {
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
                    // Unnamed: positional ($1, $2, ...), as the statement refers to them.
                    statement.Parameters.Add((NpgsqlParameter)column.Mapping.CreateParameter(factory, "", column.Value(rows[i]), column.Property.IsNullable));
                }
            var values = count == 1 ? _oneRow : string.Join(", ", Enumerable.Range(0, count).Select(row => Placeholders(row * _columns.Count)));
            statement.CommandText = _insertInto + values + conflict.Clause;
            statements.Add(statement);
        }
        return statements;
    }

    /// The conflict of a key, version and part, kept per kind of row.
    Conflict ConflictOf(IReadOnlySet<string> key, string? version, IReadOnlySet<string>? part) =>
        _conflicts.GetOrAdd((string.Join(",", key.Order()), version, part is null ? null : string.Join(",", part.Order())),
            static (_, args) =>
            {
                var (statement, key, version, part) = args;
                var target = statement.ConflictTarget(key);
                var versionColumn = version is null ? null : statement._columns.Single(c => c.Member == version);
                var clause = $" ON CONFLICT ({string.Join(", ", target.Select(c => Quote(c.Name)))}) "
                    + (versionColumn is null ? "DO NOTHING" : statement.UpdateClause(target, versionColumn, part));
                return new Conflict(clause, target, versionColumn);
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

    string UpdateClause(IReadOnlyList<Column> conflict, Column version, IReadOnlySet<string>? part)
    {
        var updated = _columns.Where(c => !c.IsPrimaryKey && c.Member != nameof(ITenantOwned.Tenant) && !conflict.Contains(c)
            && (part is null || part.Contains(c.Member)));
        var set = new StringBuilder();
        foreach (var column in updated)
            set.Append(set.Length == 0 ? "" : ", ").Append($"{Quote(column.Name)} = excluded.{Quote(column.Name)}");
        return $"DO UPDATE SET {set} WHERE excluded.{Quote(version.Name)} > {_table}.{Quote(version.Name)}";
    }

    static string Quote(string name) => "\"" + name + "\"";
}
