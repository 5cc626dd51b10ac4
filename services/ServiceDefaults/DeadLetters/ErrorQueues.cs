using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Region.ServiceDefaults.Bus;

namespace Region.ServiceDefaults.DeadLetters;

/// A message in one of the service's "<queue>_error" queues: what MassTransit moved there after
/// the consumer's retries, with the fault headers it added.
public sealed record ErrorQueueMessage(
    string Queue, string MessageId, string MessageType, string Tenant, DateTimeOffset? SentAt,
    DateTimeOffset? FailedAt, string Error, string Payload);

/// Reads and moves messages in the service's error queues through plain AMQP (basic.get without
/// ack: a look leaves every message where it was once the channel closes). The queue names are
/// the service's own receive endpoints, as MassTransit configured them.
public sealed class ErrorQueues(BrokerConnection broker)
{
    /// How many messages of one queue a look goes through at most; beyond it, older than the
    /// newest few thousand failures, an admin needs the broker's own tools.
    public const int MaxScanned = 5000;

    const string ErrorSuffix = "_error";
    readonly ConcurrentDictionary<string, bool> _queues = new();

    /// Called for each receive endpoint MassTransit configures (BusExtensions).
    public void AddEndpoint(string queue) => _queues[queue + ErrorSuffix] = true;

    public IReadOnlyList<string> Names => _queues.Keys.Order(StringComparer.Ordinal).ToList();

    public bool IsErrorQueue(string name) => _queues.ContainsKey(name);

    /// How many messages wait in the queue (every tenant's); 0 when it does not exist yet.
    public async Task<long> CountAsync(string queue, CancellationToken ct)
    {
        await using var channel = await broker.OpenChannelAsync(ct);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return 0; // nothing has failed there yet: MassTransit declares it with the first fault
        }
    }

    /// The tenant's messages, oldest first, at most <paramref name="limit"/>.
    public async Task<List<ErrorQueueMessage>> ListAsync(string queue, string tenant, int limit, CancellationToken ct)
    {
        var found = new List<ErrorQueueMessage>();
        await ScanAsync(queue, ct, (message, _) =>
        {
            if (message.Tenant == tenant) found.Add(message);
            return Task.FromResult(found.Count >= limit);
        });
        return found;
    }

    /// Finds the tenant's message and, when found, hands it to <paramref name="act"/> with the
    /// channel and its delivery, so the caller can republish and ack it before the channel closes.
    public async Task<ErrorQueueMessage?> FindAsync(string queue, string messageId, string tenant,
        Func<ErrorQueueMessage, IChannel, BasicGetResult, Task>? act, CancellationToken ct)
    {
        ErrorQueueMessage? hit = null;
        await ScanAsync(queue, ct, async (message, delivery) =>
        {
            if (message.MessageId != messageId || message.Tenant != tenant) return false;
            hit = message;
            if (act is not null) await act(message, delivery.Channel, delivery.Result);
            return true;
        });
        return hit;
    }

    /// Puts the message back on the queue its consumer reads, without MassTransit's fault headers,
    /// waits for the broker's confirm, then acks the error queue's copy. Through the exchange
    /// MassTransit binds to each receive endpoint's queue under the queue's own name: a service login
    /// may write there, but not to the default exchange (which would reach every queue of the broker).
    public static async Task MoveBackAsync(IChannel channel, BasicGetResult delivery, string errorQueue, CancellationToken ct)
    {
        var properties = new BasicProperties(delivery.BasicProperties);
        if (properties.Headers is { } headers)
            properties.Headers = headers.Where(h => !h.Key.StartsWith("MT-Fault", StringComparison.Ordinal) && h.Key != "MT-Reason")
                .ToDictionary(h => h.Key, h => h.Value);
        var queue = errorQueue[..^ErrorSuffix.Length];
        await channel.BasicPublishAsync(queue, "", mandatory: true, properties, delivery.Body, ct);
        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct);
    }

    sealed record Delivery(IChannel Channel, BasicGetResult Result);

    // Every message taken stays unacked, so none is seen twice, and all go back when the channel closes.
    async Task ScanAsync(string queue, CancellationToken ct, Func<ErrorQueueMessage, Delivery, Task<bool>> visit)
    {
        var options = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
        await using var channel = await broker.OpenChannelAsync(ct, options);
        try
        {
            for (var scanned = 0; scanned < MaxScanned; scanned++)
            {
                var result = await channel.BasicGetAsync(queue, autoAck: false, ct);
                if (result is null) return;
                if (await visit(Read(queue, result), new Delivery(channel, result))) return;
            }
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // The queue does not exist yet: nothing has failed there.
        }
    }

    static ErrorQueueMessage Read(string queue, BasicGetResult result)
    {
        var props = result.BasicProperties;
        var payload = Encoding.UTF8.GetString(result.Body.Span);
        string messageId = props.MessageId ?? "", messageType = "", tenant = "";
        DateTimeOffset? sentAt = null;
        try
        {
            // MassTransit's JSON envelope: messageId, messageType ["urn:message:Ns:Type"], sentTime, message.
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            if (messageId.Length == 0 && root.TryGetProperty("messageId", out var id)) messageId = id.GetString() ?? "";
            if (root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0)
                messageType = TypeName(types[0].GetString() ?? "");
            if (root.TryGetProperty("sentTime", out var sent) && sent.TryGetDateTimeOffset(out var at)) sentAt = at;
            if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.String)
                tenant = t.GetString() ?? "";
        }
        catch (JsonException)
        {
            // Not MassTransit's envelope: still listed (without a tenant, so to no one's admin).
        }
        var failedAt = DateTimeOffset.TryParse(Header(props, "MT-Fault-Timestamp"), out var failed) ? failed : (DateTimeOffset?)null;
        var error = $"{Header(props, "MT-Fault-ExceptionType")}: {Header(props, "MT-Fault-Message")}".Trim(' ', ':');
        return new ErrorQueueMessage(queue, messageId, messageType, tenant, sentAt, failedAt, error, payload);
    }

    // "urn:message:Region.Contracts.Events:BudgetFrameAdjusted" -> "Region.Contracts.Events.BudgetFrameAdjusted"
    static string TypeName(string urn) =>
        urn.StartsWith("urn:message:", StringComparison.Ordinal) ? urn["urn:message:".Length..].Replace(':', '.') : urn;

    static string Header(IReadOnlyBasicProperties props, string name) =>
        props.Headers?.TryGetValue(name, out var value) == true
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => "", _ => value.ToString() ?? "" }
            : "";
}
