using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Region.TestSupport;

namespace Region.Cli.Tests;

/// regionctl against an address where nothing listens: exit code 3 and a hint that names the
/// service that is missing and the option that moves it.
public sealed class UnreachableServiceTests
{
    [Fact]
    public async Task The_hint_names_the_service_that_did_not_answer_and_its_option()
    {
        var port = TestInfra.FreePort();
        var run = await CliRun.InProcessAsync(
            endpoint => GrpcChannel.ForAddress(endpoint.Grpc).CreateCallInvoker(),
            () => new SocketsHttpHandler(),
            ["goals", "--goals", $"http://127.0.0.1:{port}"]);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("Unavailable", run.Error);
        Assert.Contains($"Is the goals service running at http://127.0.0.1:{port}/?", run.Error);
        Assert.Contains("--goals (REGION_GOALS_URL)", run.Error);
        Assert.DoesNotContain("--budget", run.Error);
    }

    [Fact]
    public async Task The_HTTP_port_given_for_gRPC_is_explained_with_the_gRPC_port()
    {
        // A service's HTTP/1.1 port, as deploy/local runs it: Kestrel refuses HTTP/2 with HTTP_1_1_REQUIRED.
        var port = TestInfra.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http1));
        await using var http1 = builder.Build();
        http1.MapGet("/", () => "ok");
        await http1.StartAsync();

        var run = await CliRun.InProcessAsync(
            endpoint => GrpcChannel.ForAddress(endpoint.Grpc).CreateCallInvoker(),
            () => new SocketsHttpHandler(),
            ["frames", "--unit", "RS", "--year", "2022", "--budget", $"http://localhost:{port}"]);

        Assert.True(run.ExitCode == 3, run.ToString());
        // Which of Kestrel's two refusals the client reads is a race (see ErrorReporting.RefusedHttp2).
        Assert.Contains($"http://localhost:{port}/ does not speak gRPC: it ", run.Error);
        Assert.Contains($"--budget (REGION_BUDGET_URL) http://localhost:{port - 100}/", run.Error);
    }

    [Fact]
    public async Task A_service_that_answers_unavailable_itself_is_not_said_to_be_down()
    {
        // A running service whose database is away: its own message, exit code 3, no "is it running?".
        var port = TestInfra.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        await using var budget = builder.Build();
        budget.MapGrpcService<DatabaseAway>();
        await budget.StartAsync();

        var run = await CliRun.InProcessAsync(
            endpoint => GrpcChannel.ForAddress(endpoint.Grpc).CreateCallInvoker(),
            () => new SocketsHttpHandler(),
            ["frames", "--unit", "RS", "--year", "2022", "--budget", $"http://localhost:{port}"]);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains(DatabaseAway.Message, run.Error);
        Assert.DoesNotContain("Is the budget service running", run.Error);
    }

    private sealed class DatabaseAway : Region.Budget.V1.BudgetService.BudgetServiceBase
    {
        public const string Message = "The service cannot reach its database right now; retry in a moment.";

        public override Task<Region.Budget.V1.ListBudgetFramesResponse> ListBudgetFrames(Region.Budget.V1.ListBudgetFramesRequest request, Grpc.Core.ServerCallContext context) =>
            throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, Message));
    }
}
