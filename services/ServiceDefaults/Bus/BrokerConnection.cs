using RabbitMQ.Client;

namespace Region.ServiceDefaults.Bus;

/// One RabbitMQ connection of the service's own beside MassTransit's, for what MassTransit does not
/// offer: the broker health check's channel and the admin's look into the error queues. Opened on
/// first use and again after the broker went away; each caller takes a channel and closes it.
public sealed class BrokerConnection(Uri broker, string username, string password, string serviceName) : IAsyncDisposable
{
    // Never disposed: a SemaphoreSlim holds nothing to free unless its wait handle is used, and a
    // call still holding it at shutdown (a health probe) would fail on releasing a disposed gate.
    readonly SemaphoreSlim _gate = new(1, 1);
    IConnection? _connection;
    bool _disposed;

    public string Address => $"{broker.Host}:{Port}";

    int Port => broker.IsDefaultPort || broker.Port <= 0 ? 5672 : broker.Port;

    public async Task<IChannel> OpenChannelAsync(CancellationToken ct, CreateChannelOptions? options = null)
    {
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null)
                    await _connection.DisposeAsync();
                _connection = null;
                _connection = await Factory().CreateConnectionAsync($"{serviceName}-admin", ct);
            }
            return await _connection.CreateChannelAsync(options, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    // MassTransit's rabbitmq://host:port/vhost; the path names the virtual host, "/" the default one.
    ConnectionFactory Factory() => new()
    {
        HostName = broker.Host,
        Port = Port,
        VirtualHost = broker.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(broker.AbsolutePath.Trim('/')),
        UserName = username,
        Password = password,
        // This connection is re-opened on demand; recovering it in the background would only hide an outage.
        AutomaticRecoveryEnabled = false,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
    };

    /// Waits for a call in flight, so a connection it is opening is closed too, not left behind.
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            if (_connection is not null)
                await _connection.DisposeAsync();
            _connection = null;
        }
        finally
        {
            _gate.Release();
        }
    }
}
