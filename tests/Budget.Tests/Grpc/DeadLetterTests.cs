using System.Text.Json;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Common.V1;
using Region.Contracts.Events;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Outbox;
using Region.TestSupport;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// DeadLetterService on budget: the outbox's dead letters of the caller's tenant, replayed (then
/// published once) or discarded with a reason, both in the audit trail; admin only.
public sealed class DeadLetterTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task Outbox_dead_letter_is_listed_for_its_tenant_only_and_a_replay_publishes_it_once_and_is_audited()
    {
        var tenant = NewTenant();
        var (row, closed) = await AddDeadLetterAsync(tenant);
        var admin = new DeadLetterService.DeadLetterServiceClient(host.Invoker(tenant));
        var id = $"outbox:{row.Id}";

        var listed = Assert.Single((await admin.ListDeadLettersAsync(new() { Source = DeadLetterSource.Outbox })).DeadLetters, d => d.Id == id);
        Assert.Equal((typeof(BudgetYearClosed).FullName, 10, closed.EventId.ToString()), (listed.MessageType, listed.Attempts, listed.MessageId));
        Assert.Contains("Unknown message type", listed.Error);
        Assert.Equal("", listed.PayloadJson); // the list stays small; Get has the payload
        var payload = JsonDocument.Parse((await admin.GetDeadLetterAsync(new() { Id = id })).PayloadJson).RootElement;
        Assert.Equal(2022, payload.GetProperty("year").GetInt32());

        var stranger = new DeadLetterService.DeadLetterServiceClient(host.Invoker(NewTenant()));
        Assert.DoesNotContain((await stranger.ListDeadLettersAsync(new())).DeadLetters, d => d.Id == id);
        await FailsWith(StatusCode.NotFound, () => stranger.GetDeadLetterAsync(new() { Id = id }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => stranger.ReplayDeadLetterAsync(new() { Id = id }).ResponseAsync);

        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        await admin.ReplayDeadLetterAsync(new() { Id = id });
        await events.WaitUntil(e => e.Of<BudgetYearClosed>(tenant).Count == 1, TimeSpan.FromSeconds(30), "the replayed event");
        await Task.Delay(TimeSpan.FromSeconds(1)); // room for a second publish to show up
        Assert.Equal(closed.EventId, Assert.Single(events.Of<BudgetYearClosed>(tenant)).EventId);
        Assert.DoesNotContain((await admin.ListDeadLettersAsync(new())).DeadLetters, d => d.Id == id);
        await FailsWith(StatusCode.NotFound, () => admin.ReplayDeadLetterAsync(new() { Id = id }).ResponseAsync);

        var entry = Assert.Single(await AuditOfAsync(tenant, id));
        Assert.Equal("replayed", entry.Action);
    }

    [Fact]
    public async Task Discard_needs_a_reason_and_keeps_it_and_the_payload_in_the_audit_trail()
    {
        var tenant = NewTenant();
        var (row, _) = await AddDeadLetterAsync(tenant);
        var admin = new DeadLetterService.DeadLetterServiceClient(host.Invoker(tenant));
        var id = $"outbox:{row.Id}";

        await InvalidArgument(() => admin.DiscardDeadLetterAsync(new() { Id = "outbox:x", Reason = " " }).ResponseAsync, "id", "reason");
        await InvalidArgument(() => admin.DiscardDeadLetterAsync(new() { Id = "queue:not-ours_error:" + Guid.NewGuid() , Reason = "r" }).ResponseAsync, "id");
        Assert.Contains((await admin.ListDeadLettersAsync(new())).DeadLetters, d => d.Id == id); // nothing dropped

        await admin.DiscardDeadLetterAsync(new() { Id = id, Reason = "Året stängdes om manuellt; händelsen behövs inte" });
        await FailsWith(StatusCode.NotFound, () => admin.GetDeadLetterAsync(new() { Id = id }).ResponseAsync);
        var entry = Assert.Single(await AuditOfAsync(tenant, id));
        Assert.Equal("discarded", entry.Action);
        var after = JsonDocument.Parse(entry.AfterJson).RootElement;
        Assert.Equal("Året stängdes om manuellt; händelsen behövs inte", after.GetProperty("reason").GetString());
        Assert.Contains("2022", after.GetProperty("payload").GetString());
    }

    [Fact]
    public async Task Only_admins_see_or_touch_dead_letters()
    {
        var tenant = NewTenant();
        foreach (var role in RegionRoles.All.Where(r => r != RegionRoles.Admin))
        {
            var client = new DeadLetterService.DeadLetterServiceClient(host.Invoker(tenant, [role]));
            await FailsWith(StatusCode.PermissionDenied, () => client.ListDeadLettersAsync(new()).ResponseAsync);
            await FailsWith(StatusCode.PermissionDenied, () => client.DiscardDeadLetterAsync(new() { Id = "outbox:1", Reason = "r" }).ResponseAsync);
        }
    }

    // What the dispatcher leaves after ten failures, e.g. while a deployment did not know the type.
    async Task<(OutboxDeadLetter Row, BudgetYearClosed Event)> AddDeadLetterAsync(string tenant)
    {
        var closed = new BudgetYearClosed(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, 2022);
        var row = new OutboxDeadLetter
        {
            Tenant = tenant,
            MessageId = closed.EventId,
            MessageType = typeof(BudgetYearClosed).FullName!,
            Payload = JsonSerializer.Serialize(closed, JsonSerializerOptions.Web),
            CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
            Attempts = 10,
            LastError = $"Unknown message type {typeof(BudgetYearClosed).FullName}",
            DeadLetteredAt = DateTimeOffset.UtcNow,
        };
        await using var db = host.Db(tenant);
        db.Set<OutboxDeadLetter>().Add(row);
        await db.SaveChangesAsync();
        return (row, closed);
    }

    async Task<List<AuditEntry>> AuditOfAsync(string tenant, string id)
    {
        var audit = new AuditService.AuditServiceClient(host.Invoker(tenant));
        return (await audit.ListAuditEntriesAsync(new() { ObjectKind = "DeadLetter", ObjectKey = id })).Entries.ToList();
    }
}
