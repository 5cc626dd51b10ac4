using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Hosting;
using Region.TestSupport;

namespace Region.Deploy.Tests.Transport;

/// Service:GrpcListenAddress binds the gRPC port apart from the HTTP port, as the k8s base does
/// (gRPC on loopback for the Dapr sidecar, HTTP on the pod IP for probes and Prometheus).
/// 127.0.0.2 stands in for the pod IP: another address on this machine that is not 127.0.0.1.
public sealed class ListenAddressTests(BudgetOnTwoAddresses host) : IClassFixture<BudgetOnTwoAddresses>
{
    [Fact]
    public async Task GrpcListenAddress_keeps_the_gRPC_port_off_the_address_the_HTTP_port_serves()
    {
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://{BudgetOnTwoAddresses.PodAddress}:{host.HttpPort}/healthz")).StatusCode);

        var health = await new Health.HealthClient(host.Invoker()).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        Assert.False(await Accepts(BudgetOnTwoAddresses.PodAddress, host.GrpcPort), "the gRPC port answers on the pod address");
        Assert.False(await Accepts("127.0.0.1", host.HttpPort), "the HTTP port answers on loopback, not only on its own address");
    }

    static async Task<bool> Accepts(string address, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Parse(address), port).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// The budget service on Kestrel with gRPC on 127.0.0.1 and HTTP on 127.0.0.2.
public sealed class BudgetOnTwoAddresses() : ServiceHost<Program>("budget")
{
    public const string PodAddress = "127.0.0.2";

    public int GrpcPort => new Uri(Address).Port;

    protected override bool OnKestrel => true;

    protected override void Configure(IWebHostBuilder web)
    {
        web.UseSetting("Service:ListenAddress", PodAddress);
        web.UseSetting("Service:GrpcListenAddress", "127.0.0.1");
    }
}
