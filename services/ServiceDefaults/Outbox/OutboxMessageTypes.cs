using System.Collections.Concurrent;
using Region.Contracts.Events;

namespace Region.ServiceDefaults.Outbox;

/// Finds the CLR type named by <see cref="OutboxMessage.MessageType"/> again when publishing.
static class OutboxMessageTypes
{
    static readonly ConcurrentDictionary<string, Type> Cache = new();

    /// Null when no loaded assembly defines the type; not cached, since it may load later.
    public static Type? Resolve(string fullName)
    {
        if (Cache.TryGetValue(fullName, out var cached))
            return cached;

        // The Contracts assembly first and by reference: right after a restart with a backlog it
        // may not be loaded yet, because no code has touched an event type.
        var type = typeof(IIntegrationEvent).Assembly.GetType(fullName)
            ?? AppDomain.CurrentDomain.GetAssemblies()
                .Select(assembly => assembly.GetType(fullName))
                .FirstOrDefault(found => found is not null);

        if (type is not null)
            Cache[fullName] = type;
        return type;
    }
}
