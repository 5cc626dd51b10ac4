using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Audit;

/// Turns the change tracker's pending changes into audit entries: one per added, modified or
/// deleted entity, with only the fields that changed.
public static class AuditRecorder
{
    /// A field's JSON longer than this is cut and marked, so one large document (a plan revision's
    /// content) cannot make an entry unbounded.
    public const int MaxValueLength = 4000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Converters = { new JsonStringEnumConverter() } };

    /// The entries for the tracked changes of entities `audited` accepts; DetectChanges must have run.
    public static List<AuditEntry> Entries(DbContext db, CallerContext caller, Func<EntityEntry, bool> audited, DateTimeOffset at)
    {
        var traceId = Activity.Current?.TraceId.ToHexString();
        var entries = new List<AuditEntry>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Entity is AuditEntry || entry.Metadata.IsOwned() || !audited(entry)) continue;
            var (before, after) = Changes(entry);
            if (before is null && after is null) continue; // marked modified, but no value differs
            var tenant = (entry.Entity as ITenantOwned)?.Tenant is { Length: > 0 } owner ? owner : caller.Tenant ?? "";
            entries.Add(Entry(caller, tenant, entry.Metadata.ClrType.Name, Key(entry),
                entry.State.ToString().ToLowerInvariant(), before, after, at, traceId));
        }
        return entries;
    }

    /// One entry as the caller (and the current trace) make it; for a change the tracker does not
    /// see, such as a bulk rebuild, a service may add one itself.
    public static AuditEntry Entry(CallerContext caller, string tenant, string kind, string key, string action,
        JsonObject? before, JsonObject? after, DateTimeOffset at, string? traceId = null) =>
        Entry(caller, tenant, kind, key, action, before?.ToJsonString(), after?.ToJsonString(), at, traceId);

    private static AuditEntry Entry(CallerContext caller, string tenant, string kind, string key, string action,
        string? before, string? after, DateTimeOffset at, string? traceId) => new()
    {
        Tenant = tenant,
        At = at,
        Subject = Cut(caller.User, CallerContext.MaxUserLength),
        SubjectName = caller.UserName is { } name ? Cut(name, CallerContext.MaxUserLength) : null,
        Rpc = caller.Rpc is { } rpc ? Cut(rpc, AuditEntry.MaxRpcLength) : null,
        ObjectKind = Cut(kind, AuditEntry.MaxKindLength),
        ObjectKey = Cut(key, AuditEntry.MaxKeyLength),
        Action = action,
        Before = before,
        After = after,
        RequestId = caller.RequestId,
        TraceId = traceId ?? Activity.Current?.TraceId.ToHexString(),
    };

    /// The entry of a row inserted without the change tracker (Data/BulkInsert): the same fields,
    /// paths and values an added entity's entry has (an import makes thousands).
    public static AuditEntry Added(CallerContext caller, IEntityType type, object row, DateTimeOffset at, string? traceId)
    {
        using var after = new Fields();
        foreach (var property in type.GetProperties())
            if (property.Name != nameof(ITenantOwned.Tenant)) after.Add(property.Name, property.GetGetter().GetClrValue(row));
        foreach (var complex in type.GetComplexProperties())
        {
            if (complex.GetGetter().GetClrValue(row) is null) continue;
            foreach (var property in complex.ComplexType.GetProperties())
                after.Add($"{complex.Name}.{property.Name}", property.GetGetter().GetClrValueUsingContainingEntity(row));
        }
        var key = string.Join("/", type.FindPrimaryKey()!.Properties.Where(p => p.Name != nameof(ITenantOwned.Tenant))
            .Select(p => Convert.ToString(p.GetGetter().GetClrValue(row), CultureInfo.InvariantCulture) ?? ""));
        var tenant = (row as ITenantOwned)?.Tenant is { Length: > 0 } owner ? owner : caller.Tenant ?? "";
        return Entry(caller, tenant, type.ClrType.Name, key, "added", null, after.ToJson(), at, traceId);
    }

    /// A JSON object of fields written as they are added, straight to UTF-8: every audited write
    /// makes one or two, so no JsonNode per field (serialised, parsed and serialised again).
    private sealed class Fields : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(512);
        private readonly Utf8JsonWriter _json;

        public Fields()
        {
            _json = new Utf8JsonWriter(_buffer);
            _json.WriteStartObject();
        }

        public int Count { get; private set; }

        public void Add(string path, object? value)
        {
            Write(_json, path, value);
            Count++;
        }

        public string ToJson()
        {
            _json.WriteEndObject();
            _json.Flush();
            return Encoding.UTF8.GetString(_buffer.WrittenSpan);
        }

        public void Dispose() => _json.Dispose();
    }

    /// One field as Value gives it; a scalar (all an imported row has, as a rule) written directly.
    private static void Write(Utf8JsonWriter json, string path, object? value)
    {
        json.WritePropertyName(path);
        if (value is null) json.WriteNullValue();
        else if (value is string { Length: <= MaxValueLength / 8 } or Guid or int or long or bool or decimal or DateTimeOffset or DateOnly or Enum)
            JsonSerializer.Serialize(json, value, value.GetType(), Json);
        else Value(value)!.WriteTo(json);
    }

    /// The primary key without the tenant (every row of a tenant's trail has it), parts joined by
    /// "/". A key the database assigns on insert is not known yet: "new".
    private static string Key(EntityEntry entry)
    {
        var parts = entry.Metadata.FindPrimaryKey()!.Properties
            .Where(p => p.Name != nameof(ITenantOwned.Tenant))
            .Select(p => entry.Property(p.Name))
            .Select(p => p.IsTemporary ? "new" : Convert.ToString(p.CurrentValue, CultureInfo.InvariantCulture) ?? "");
        return string.Join("/", parts);
    }

    /// Added: every field after. Deleted: every field before. Modified: the fields whose value
    /// differs from the one loaded, before and after. Complex properties (amount groups) are
    /// named by their path, e.g. "Opening.PersonnelCosts".
    private static (string? Before, string? After) Changes(EntityEntry entry)
    {
        using var before = entry.State is EntityState.Added ? null : new Fields();
        using var after = entry.State is EntityState.Deleted ? null : new Fields();
        foreach (var (path, property) in Properties(entry))
        {
            if (property.Metadata.Name == nameof(ITenantOwned.Tenant)) continue;
            var original = entry.State is EntityState.Added ? null : property.OriginalValue;
            var current = entry.State is EntityState.Deleted ? null : property.CurrentValue;
            if (entry.State is EntityState.Modified
                && (!property.IsModified || property.Metadata.GetValueComparer().Equals(original, current)))
                continue;
            before?.Add(path, original);
            after?.Add(path, current);
        }
        if (entry.State is EntityState.Modified && before!.Count == 0) return (null, null);
        return (before?.ToJson(), after?.ToJson());
    }

    private static IEnumerable<(string Path, PropertyEntry Property)> Properties(EntityEntry entry)
    {
        foreach (var p in entry.Properties) yield return (p.Metadata.Name, p);
        foreach (var c in entry.ComplexProperties)
        {
            // A complex property's fields are read through it; a null group (optional) has none to show.
            if (c is not ComplexPropertyEntry group) continue;
            foreach (var p in group.Properties) yield return ($"{c.Metadata.Name}.{p.Metadata.Name}", p);
        }
    }

    private static JsonNode? Value(object? value)
    {
        if (value is null) return null;
        var json = JsonSerializer.Serialize(value, value.GetType(), Json);
        return json.Length <= MaxValueLength
            ? JsonNode.Parse(json)
            : JsonValue.Create($"{json[..MaxValueLength]}… [cut: {json.Length} characters in all]");
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
