extern alias goals;
extern alias investments;
extern alias meetings;
extern alias reporting;
using Grpc.Core;
using Grpc.Health.V1;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Region.TestSupport;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Region.Cli.Tests;

/// Kubernetes gRPC probes name the service they check: each service answers for its own name as
/// for the whole server (""), instead of NOT_FOUND.
public sealed class GrpcHealthNamesTests
{
    [Theory]
    [InlineData("budget", "region.budget.v1.BudgetService")]
    [InlineData("goals", "region.goals.v1.GoalsService")]
    [InlineData("investments", "region.investments.v1.InvestmentsService")]
    [InlineData("meetings", "region.meetings.v1.MeetingsService")]
    [InlineData("reporting", "region.reporting.v1.ReportingService")]
    public async Task Health_check_answers_serving_for_the_service_own_name(string service, string grpcName)
    {
        var (whole, own) = service switch
        {
            "budget" => await CheckAsync(new ServiceHost<global::Program>(service), grpcName),
            "goals" => await CheckAsync(new ServiceHost<goals::Program>(service), grpcName),
            "investments" => await CheckAsync(new ServiceHost<investments::Program>(service), grpcName),
            "meetings" => await CheckAsync(new ServiceHost<meetings::Program>(service), grpcName),
            _ => await CheckAsync(new ServiceHost<reporting::Program>(service), grpcName),
        };

        Assert.Equal(ServingStatus.Serving, whole);
        Assert.Equal(ServingStatus.Serving, own);
    }

    [Fact]
    public async Task Health_check_for_a_service_the_host_does_not_map_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            CheckAsync(new ServiceHost<global::Program>("budget"), "region.goals.v1.GoalsService"));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    /// The status for the whole server and for this name, once the host's bus is up (readiness needs it).
    private static async Task<(ServingStatus Whole, ServingStatus Own)> CheckAsync<TProgram>(ServiceHost<TProgram> host, string name)
        where TProgram : class
    {
        try
        {
            await host.InitializeAsync();
            await TestInfra.WaitUntilHealthyAsync(host.Factory.Services.GetRequiredService<IBusControl>(), host.Service);
            var health = new Health.HealthClient(host.Invoker());
            var whole = await health.CheckAsync(new HealthCheckRequest { Service = "" });
            var own = await health.CheckAsync(new HealthCheckRequest { Service = name });
            return (whole.Status, own.Status);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
