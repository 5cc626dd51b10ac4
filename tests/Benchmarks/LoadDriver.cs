using Grpc.Core;
using Grpc.Net.Client;

namespace Region.Benchmarks;

/// Many calls in flight at once, as an integration or a busy UI puts them on a service:
/// `InFlight` callers share `Connections` HTTP/2 connections, each caller making `CallsPerCaller`
/// calls one after the other. One round is `Calls` calls; its time over `Calls` is the inverse of
/// the throughput, so two rounds' times compare throughputs.
public sealed class LoadDriver : IDisposable
{
    public const int InFlight = 32;
    public const int Connections = 2;
    // Rounds of at least a tenth of a second once warm (an empty call takes ~60 µs with 32 in flight).
    public const int CallsPerCaller = 60;
    public const int Calls = InFlight * CallsPerCaller;

    private readonly GrpcChannel[] _channels;

    /// Channels of their own to the host's address, one connection each: the HTTP/2 streams of
    /// the callers on a channel share its one connection.
    public LoadDriver(string address) => _channels = Enumerable.Range(0, Connections)
        .Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // A receive window a load generator would set: with SocketsHttpHandler's 64 KiB start a
            // 58 KB answer waits for window updates, and the row measured the client's flow control.
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, InitialHttp2StreamWindowSize = 1024 * 1024 },
            UnsafeUseInsecureChannelCallCredentials = true,
        }))
        .ToArray();

    /// The invoker of each connection, for building one client per connection.
    public IReadOnlyList<CallInvoker> Invokers => _channels.Select(c => c.CreateCallInvoker()).ToList();

    /// One round: every caller calls `call` with its connection's index until it has made its share.
    public async Task RunAsync(Func<int, Task> call)
    {
        var callers = Enumerable.Range(0, InFlight).Select(async caller =>
        {
            await Task.Yield();
            for (var i = 0; i < CallsPerCaller; i++) await call(caller % Connections);
        });
        await Task.WhenAll(callers);
    }

    public void Dispose()
    {
        foreach (var channel in _channels) channel.Dispose();
    }
}
