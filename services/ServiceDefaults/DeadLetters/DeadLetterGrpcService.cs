using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client.Exceptions;
using Region.Common.V1;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.DeadLetters;

/// region.common.v1.DeadLetterService for one service: its outbox dead letters and its consumers'
/// error queues, the caller's tenant's only. Every service maps it
/// (`app.MapGrpcService<DeadLetterGrpcService>()`).
public sealed class DeadLetterGrpcService(ServiceDbContext db, ErrorQueues errorQueues, CallerContext caller, ILogger<DeadLetterGrpcService> logger)
    : DeadLetterService.DeadLetterServiceBase
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxReasonLength = 500;
    const int MaxPayloadLength = 64 * 1024;

    string Tenant => caller.RequiredTenant;

    public override async Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(request.PageSize is >= 0 and <= MaxPageSize, "page_size", $"From 0 (the default, {DefaultPageSize}) to {MaxPageSize}.");
        v.Check(System.Enum.IsDefined(request.Source), "source", "Not a known source.");
        v.ThrowIfAny();
        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var ct = context.CancellationToken;
        var response = new ListDeadLettersResponse();

        if (request.Source is DeadLetterSource.Unspecified or DeadLetterSource.Outbox)
        {
            var rows = await db.Set<OutboxDeadLetter>().AsNoTracking().OrderByDescending(d => d.Id).Take(pageSize).ToListAsync(ct);
            response.DeadLetters.AddRange(rows.Select(r => ToMessage(r, withPayload: false)));
        }
        if (request.Source is DeadLetterSource.Unspecified or DeadLetterSource.ErrorQueue)
        {
            await OnBrokerAsync(async () =>
            {
                foreach (var queue in errorQueues.Names)
                {
                    response.ErrorQueues.Add(new ErrorQueue { Name = queue, MessageCount = await errorQueues.CountAsync(queue, ct) });
                    var messages = await errorQueues.ListAsync(queue, Tenant, pageSize, ct);
                    response.DeadLetters.AddRange(messages.Select(m => ToMessage(m, withPayload: false)));
                }
            });
        }
        return response;
    }

    public override async Task<Common.V1.DeadLetter> GetDeadLetter(GetDeadLetterRequest request, ServerCallContext context)
    {
        var id = DeadLetterId.Read(request.Id, errorQueues);
        if (id.OutboxId is { } outboxId)
            return ToMessage(await FindOutboxAsync(outboxId, context.CancellationToken), withPayload: true);
        var message = await OnBrokerAsync(() => errorQueues.FindAsync(id.Queue!, id.MessageId!, Tenant, null, context.CancellationToken));
        return ToMessage(message ?? throw NotFound(request.Id), withPayload: true);
    }

    public override async Task<ReplayDeadLetterResponse> ReplayDeadLetter(ReplayDeadLetterRequest request, ServerCallContext context)
    {
        var id = DeadLetterId.Read(request.Id, errorQueues);
        var ct = context.CancellationToken;
        if (id.OutboxId is { } outboxId)
        {
            var row = await FindOutboxAsync(outboxId, ct);
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // Back into the outbox as new: the dispatcher (woken by this commit) tries it afresh.
                db.OutboxMessages.Add(new OutboxMessage
                {
                    MessageId = row.MessageId, MessageType = row.MessageType, Payload = row.Payload,
                    TraceParent = row.TraceParent, TraceState = row.TraceState, CreatedAt = DateTimeOffset.UtcNow,
                });
                await db.Set<OutboxDeadLetter>().Where(d => d.Id == row.Id).ExecuteDeleteAsync(ct);
                Audit(request.Id, "replayed", row.MessageType, reason: null);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                db.ChangeTracker.Clear();
            });
            DeadLetterMetrics.CountReplayed(DeadLetterSource.Outbox);
            return new ReplayDeadLetterResponse { DeadLetter = ToMessage(row, withPayload: false) };
        }

        // The audit entry first: a replay that then fails is retried by the admin, never silent.
        var message = await OnBrokerAsync(() => errorQueues.FindAsync(id.Queue!, id.MessageId!, Tenant, async (found, channel, delivery) =>
        {
            Audit(request.Id, "replayed", found.MessageType, reason: null);
            await db.SaveChangesAsync(ct);
            await ErrorQueues.MoveBackAsync(channel, delivery, found.Queue, ct);
            DeadLetterMetrics.CountReplayed(DeadLetterSource.ErrorQueue);
        }, ct));
        return new ReplayDeadLetterResponse { DeadLetter = ToMessage(message ?? throw NotFound(request.Id), withPayload: false) };
    }

    public override async Task<DiscardDeadLetterResponse> DiscardDeadLetter(DiscardDeadLetterRequest request, ServerCallContext context)
    {
        var v = new Violations();
        Requests.Input.CheckText(request.Reason, "reason", MaxReasonLength, v, required: true, multiLine: true);
        var id = DeadLetterId.Read(request.Id, errorQueues, v);
        var ct = context.CancellationToken;
        if (id.OutboxId is { } outboxId)
        {
            var row = await FindOutboxAsync(outboxId, ct);
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.Set<OutboxDeadLetter>().Where(d => d.Id == row.Id).ExecuteDeleteAsync(ct);
                Audit(request.Id, "discarded", row.MessageType, request.Reason.Trim(), row.Payload);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                db.ChangeTracker.Clear();
            });
            DeadLetterMetrics.CountDiscarded(DeadLetterSource.Outbox);
            return new DiscardDeadLetterResponse { DeadLetter = ToMessage(row, withPayload: false) };
        }

        var message = await OnBrokerAsync(() => errorQueues.FindAsync(id.Queue!, id.MessageId!, Tenant, async (found, channel, delivery) =>
        {
            Audit(request.Id, "discarded", found.MessageType, request.Reason.Trim(), found.Payload);
            await db.SaveChangesAsync(ct);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct);
            DeadLetterMetrics.CountDiscarded(DeadLetterSource.ErrorQueue);
        }, ct));
        return new DiscardDeadLetterResponse { DeadLetter = ToMessage(message ?? throw NotFound(request.Id), withPayload: false) };
    }

    // One entry saying what was done to which dead letter and why; a discarded payload is kept in
    // it (cut to the trail's bound), so what was dropped can still be read.
    void Audit(string id, string action, string messageType, string? reason, string? payload = null)
    {
        var after = new JsonObject { ["messageType"] = messageType };
        if (reason is not null) after["reason"] = reason;
        if (payload is not null) after["payload"] = payload.Length <= AuditRecorder.MaxValueLength ? payload : payload[..AuditRecorder.MaxValueLength] + "…";
        db.AuditEntries.Add(AuditRecorder.Entry(caller, Tenant, "DeadLetter", id, action, before: null, after, DateTimeOffset.UtcNow));
    }

    async Task<OutboxDeadLetter> FindOutboxAsync(long id, CancellationToken ct) =>
        await db.Set<OutboxDeadLetter>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct)
        ?? throw NotFound(DeadLetterId.Outbox(id));

    static NotFoundException NotFound(string id) => new($"No dead letter {id}.");

    // The broker away is UNAVAILABLE for the error-queue half, as the database away is for the rest.
    async Task<T> OnBrokerAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException
                                      or System.Net.Sockets.SocketException or TimeoutException)
        {
            // The caller hears only "unavailable"; what the broker said (a refusal, a timeout) is for the operator.
            logger.LogWarning(e, "Dead letters: RabbitMQ did not serve the error queues");
            throw new RpcException(new Status(StatusCode.Unavailable, "The service cannot reach RabbitMQ right now; retry in a moment."));
        }
    }

    Task OnBrokerAsync(Func<Task> work) => OnBrokerAsync(async () => { await work(); return true; });

    static Common.V1.DeadLetter ToMessage(OutboxDeadLetter row, bool withPayload) => new()
    {
        Id = DeadLetterId.Outbox(row.Id),
        Source = DeadLetterSource.Outbox,
        MessageId = row.MessageId.ToString(),
        MessageType = row.MessageType,
        CreatedAt = Timestamp.FromDateTimeOffset(row.CreatedAt),
        FailedAt = Timestamp.FromDateTimeOffset(row.DeadLetteredAt),
        Attempts = row.Attempts,
        Error = row.LastError,
        PayloadJson = withPayload ? Cut(row.Payload) : "",
    };

    static Common.V1.DeadLetter ToMessage(ErrorQueueMessage m, bool withPayload)
    {
        var message = new Common.V1.DeadLetter
        {
            Id = DeadLetterId.ErrorQueue(m.Queue, m.MessageId),
            Source = DeadLetterSource.ErrorQueue,
            Queue = m.Queue,
            MessageId = m.MessageId,
            MessageType = m.MessageType,
            Error = m.Error,
            PayloadJson = withPayload ? Cut(m.Payload) : "",
        };
        if (m.SentAt is { } sent) message.CreatedAt = Timestamp.FromDateTimeOffset(sent);
        if (m.FailedAt is { } failed) message.FailedAt = Timestamp.FromDateTimeOffset(failed);
        return message;
    }

    static string Cut(string payload) => payload.Length <= MaxPayloadLength ? payload : payload[..MaxPayloadLength];
}

/// A dead letter's id as the API shows it: "outbox:<number>" or "queue:<queue>:<message id>".
sealed record DeadLetterId(long? OutboxId, string? Queue, string? MessageId)
{
    public static string Outbox(long id) => $"outbox:{id}";

    public static string ErrorQueue(string queue, string messageId) => $"queue:{queue}:{messageId}";

    public static DeadLetterId Read(string text, ErrorQueues queues, Violations? collected = null)
    {
        var v = collected ?? new Violations();
        DeadLetterId? id = null;
        if (text.StartsWith("outbox:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(7), out var number) && number > 0)
            id = new DeadLetterId(number, null, null);
        else if (text.StartsWith("queue:", StringComparison.Ordinal) && text.LastIndexOf(':') is var colon && colon > 6)
        {
            var queue = text[6..colon];
            var messageId = text[(colon + 1)..];
            if (queues.IsErrorQueue(queue) && Guid.TryParse(messageId, out _))
                id = new DeadLetterId(null, queue, messageId);
        }
        v.Check(id is not null, "id", "Not a dead letter id of this service: outbox:<number> or queue:<error queue>:<message id>, as ListDeadLetters shows them.");
        v.ThrowIfAny();
        return id!;
    }
}
