using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Npgsql;
using Region.Common.V1;
using Xunit;

namespace Region.TestSupport;

/// What the audit-trail tests of every service share: a call made inside a trace of the test's
/// own, the trail read back through AuditService, and the token's subject to expect in it.
public static class AuditTrail
{
    /// Starts a trace of the test's own around the calls that follow (dispose it after them): an
    /// in-process client continues Activity.Current, a remote one gets the W3C traceparent header,
    /// which Headers carry along with a request id. TraceId and RequestId are what the trail must show.
    public static TracedCall StartTrace() => new();

    public sealed class TracedCall : IDisposable
    {
        private readonly Activity _activity;

        public TracedCall()
        {
            var parent = $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
            _activity = new Activity("audit-trail test call").SetParentId(parent).Start();
            TraceId = _activity.TraceId.ToHexString();
            RequestId = "req-" + Guid.NewGuid().ToString("N")[..12];
            Headers = new Metadata { { "traceparent", _activity.Id! }, { "x-request-id", RequestId } };
        }

        public Metadata Headers { get; }
        public string TraceId { get; }
        public string RequestId { get; }

        public void Dispose() => _activity.Dispose();
    }

    /// Every entry of the tenant the invoker acts for, newest first (all pages).
    public static async Task<List<AuditEntry>> EntriesAsync(CallInvoker invoker, string kind = "", string key = "")
    {
        var client = new AuditService.AuditServiceClient(invoker);
        var request = new ListAuditEntriesRequest { ObjectKind = kind, ObjectKey = key, PageSize = 500 };
        var entries = new List<AuditEntry>();
        do
        {
            var page = await client.ListAuditEntriesAsync(request);
            entries.AddRange(page.Entries);
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        return entries;
    }

    /// The `sub` claim of an access token: who the trail must name.
    public static string SubjectOf(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement.GetProperty("sub").GetString()!;
    }

    /// The field's value in an entry's before or after JSON ("" when the side is empty).
    public static JsonNode? Field(string json, string field) => json.Length == 0 ? null : JsonNode.Parse(json)![field];

    /// The fields an entry's before or after JSON names.
    public static IReadOnlyList<string> Fields(string json) => json.Length == 0 ? [] : JsonNode.Parse(json)!.AsObject().Select(p => p.Key).ToList();

    /// UPDATE, DELETE and TRUNCATE of the audit table with the service's own connection string all fail.
    public static async Task AssertImmutableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM audit_entries", connection))
            Assert.True((long)(await count.ExecuteScalarAsync())! > 0, "The test needs audit rows to try to change.");
        foreach (var sql in new[] { "UPDATE audit_entries SET subject = 'someone.else'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var e = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
        }
        await using (var unchanged = new NpgsqlCommand("SELECT count(*) FROM audit_entries WHERE subject = 'someone.else'", connection))
            Assert.Equal(0L, await unchanged.ExecuteScalarAsync());
    }
}
