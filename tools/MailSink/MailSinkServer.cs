using System.Buffers;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Region.MailSink;

/// A real SMTP server (SmtpServer) on a loopback port that keeps every mail it accepts: as an .eml
/// file in a folder (the local sink) and to a callback (the tests, which parse it with MimeKit).
/// Recipients for which refuses(address) is true get 550, as a server that knows no such mailbox.
public sealed class MailSinkServer(int port, string? folder = null, Func<string, bool>? refuses = null) : IAsyncDisposable
{
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;

    public int Port => port;

    /// Called with every accepted mail.
    public event Action<MimeMessage>? Received;

    public void Start()
    {
        if (_running is not null) return;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("mailsink.local")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .MaxMessageSize(10 * 1024 * 1024, MaxMessageSizeHandling.Strict)
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new DelegatingMailboxFilter((_, to, _) => refuses?.Invoke(to.AsAddress()) != true));
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
    }

    /// Stops listening (a server that is down); Start brings it back on the same port.
    public async Task StopAsync()
    {
        if (_running is null) return;
        _server!.Shutdown();
        _stop!.Cancel();
        try { await _running.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (OperationCanceledException) { }
        _stop.Dispose();
        (_server, _stop, _running) = (null, null, null);
    }

    /// Runs until the server stops (the process's own cancellation).
    public Task Running => _running ?? Task.CompletedTask;

    public async ValueTask DisposeAsync() => await StopAsync();

    void Keep(MimeMessage message)
    {
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
            // Sortable by arrival; the recipient in the name so a person finds their mails.
            var to = message.To.Mailboxes.FirstOrDefault()?.Address ?? "unknown";
            var safe = new string(to.Select(c => char.IsLetterOrDigit(c) || c is '.' or '@' or '-' ? c : '_').ToArray());
            message.WriteTo(Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}-{safe}-{Guid.NewGuid().ToString("N")[..6]}.eml"));
        }
        Received?.Invoke(message);
    }

    sealed class Store(MailSinkServer sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            sink.Keep(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
