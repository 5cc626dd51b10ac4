using Grpc.Net.Client;
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
}
