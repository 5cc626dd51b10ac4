using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Region.TestSupport;

/// One log line with its structured fields and the scope values it was written in.
public sealed record CapturedLog(string Category, LogLevel Level, string Message,
    IReadOnlyDictionary<string, object?> Fields, IReadOnlyDictionary<string, object?> Scope);

/// Records every log line with its fields and scopes (as a console or OTLP logger would see them).
public sealed class CapturingLoggerProvider(ConcurrentQueue<CapturedLog> logs) : ILoggerProvider, ISupportExternalScope
{
    IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            provider._scopes.ForEachScope((value, values) => AddPairs(value, values), scope);
            var fields = new Dictionary<string, object?>();
            AddPairs(state, fields);
            provider.Append(new CapturedLog(category, logLevel, formatter(state, exception), fields, scope));
        }

        static void AddPairs(object? value, Dictionary<string, object?> into)
        {
            if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                foreach (var (key, v) in pairs)
                    into[key] = v;
        }
    }

    void Append(CapturedLog log) => logs.Enqueue(log);
}
