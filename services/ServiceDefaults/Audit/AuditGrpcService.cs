using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Common.V1;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Row = Region.ServiceDefaults.Audit.AuditEntry;

namespace Region.ServiceDefaults.Audit;

/// region.common.v1.AuditService over the service's own database: the tenant's audit entries,
/// newest first. Every service maps it (`app.MapGrpcService<AuditGrpcService>()`).
public sealed class AuditGrpcService(ServiceDbContext db) : AuditService.AuditServiceBase
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var filter = AuditFilter.Read(request);
        var query = db.AuditEntries.AsNoTracking();
        if (filter.Kind is { } kind) query = query.Where(a => a.ObjectKind == kind);
        if (filter.Key is { } key) query = query.Where(a => a.ObjectKey == key);
        if (filter.Subject is { } subject) query = query.Where(a => a.Subject == subject);
        if (filter.Since is { } since) query = query.Where(a => a.At >= since);
        if (filter.Until is { } until) query = query.Where(a => a.At < until);
        if (filter.BeforeId is { } before) query = query.Where(a => a.Id < before);
        // One row more than the page tells whether another page follows.
        var rows = await query.OrderByDescending(a => a.Id).Take(filter.PageSize + 1).ToListAsync(context.CancellationToken);
        var response = new ListAuditEntriesResponse();
        response.Entries.AddRange(rows.Take(filter.PageSize).Select(ToMessage));
        if (rows.Count > filter.PageSize) response.NextPageToken = AuditFilter.Token(rows[filter.PageSize - 1].Id);
        return response;
    }

    private static Common.V1.AuditEntry ToMessage(Row a) => new()
    {
        Id = a.Id,
        At = Timestamp.FromDateTimeOffset(a.At),
        Subject = a.Subject,
        SubjectName = a.SubjectName ?? "",
        Rpc = a.Rpc ?? "",
        ObjectKind = a.ObjectKind,
        ObjectKey = a.ObjectKey,
        Action = a.Action,
        BeforeJson = a.Before ?? "",
        AfterJson = a.After ?? "",
        RequestId = a.RequestId ?? "",
        TraceId = a.TraceId ?? "",
    };
}

/// A ListAuditEntriesRequest checked: every violation at once, or the filter to apply.
public sealed record AuditFilter(string? Kind, string? Key, string? Subject, DateTimeOffset? Since, DateTimeOffset? Until, long? BeforeId, int PageSize)
{
    public static AuditFilter Read(ListAuditEntriesRequest r)
    {
        var v = new Violations();
        Input.CheckText(r.ObjectKind, "object_kind", Row.MaxKindLength, v);
        Input.CheckText(r.ObjectKey, "object_key", Row.MaxKeyLength, v);
        v.Check(r.ObjectKey.Length == 0 || r.ObjectKind.Trim().Length > 0, "object_key", "Name the object's kind too (object_kind).");
        Input.CheckText(r.Subject, "subject", Tenancy.CallerContext.MaxUserLength, v);
        var since = Instant(r.Since, "since", v);
        var until = Instant(r.Until, "until", v);
        v.Check(since is null || until is null || since < until, "until", "Must be later than since.");
        v.Check(r.PageSize is >= 0 and <= AuditGrpcService.MaxPageSize, "page_size", $"From 0 (the default, {AuditGrpcService.DefaultPageSize}) to {AuditGrpcService.MaxPageSize}.");
        var beforeId = r.PageToken.Length == 0 ? null : ReadToken(r.PageToken);
        v.Check(r.PageToken.Length == 0 || beforeId is not null, "page_token", "Not a token this service returned.");
        v.ThrowIfAny();
        return new AuditFilter(Input.NullIfBlank(r.ObjectKind), Input.NullIfBlank(r.ObjectKey), Input.NullIfBlank(r.Subject),
            since, until, beforeId, r.PageSize == 0 ? AuditGrpcService.DefaultPageSize : r.PageSize);
    }

    /// Keyset paging (the last id shown), not an offset: entries keep arriving at the top while a
    /// caller pages down, and an offset would then show some twice.
    public static string Token(long lastId) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"a:{lastId.ToString(CultureInfo.InvariantCulture)}"));

    private static long? ReadToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("a:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static DateTimeOffset? Instant(Timestamp? t, string field, Violations v)
    {
        if (t is null) return null;
        // Timestamp's own range (years 1-9999) and whole nanoseconds; outside it converting would throw.
        var valid = t.Seconds is >= -62135596800 and <= 253402300799 && t.Nanos is >= 0 and <= 999_999_999;
        return v.Check(valid, field, "Not a valid instant.") ? t.ToDateTimeOffset() : null;
    }
}
