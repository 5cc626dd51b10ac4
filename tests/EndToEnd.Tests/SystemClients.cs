using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using BudgetApi = Region.Budget.V1;
using GoalsApi = Region.Goals.V1;
using InvestmentsApi = Region.Investments.V1;
using MeetingsApi = Region.Meetings.V1;
using ReportingApi = Region.Reporting.V1;

namespace Region.EndToEnd.Tests;

/// One gRPC client per service of a running system, calling with one bearer token (a tenant's, a role's).
public sealed class SystemClients : IDisposable
{
    private readonly List<GrpcChannel> _channels = [];

    private SystemClients(RunningSystem system, string token)
    {
        CallInvoker To(string service)
        {
            var channel = GrpcChannel.ForAddress(system.ServiceProcesses[service].GrpcUrl);
            _channels.Add(channel);
            return channel.Intercept(m => { m.Add("authorization", "Bearer " + token); return m; });
        }
        Budget = new(To("budget"));
        Goals = new(To("goals"));
        Investments = new(To("investments"));
        Meetings = new(To("meetings"));
        Reporting = new(To("reporting"));
        ReportingDeadLetters = new(To("reporting"));
    }

    public BudgetApi.BudgetService.BudgetServiceClient Budget { get; }
    public GoalsApi.GoalsService.GoalsServiceClient Goals { get; }
    public InvestmentsApi.InvestmentsService.InvestmentsServiceClient Investments { get; }
    public MeetingsApi.MeetingsService.MeetingsServiceClient Meetings { get; }
    public ReportingApi.ReportingService.ReportingServiceClient Reporting { get; }
    public Region.Common.V1.DeadLetterService.DeadLetterServiceClient ReportingDeadLetters { get; }

    /// Clients signed with a real token of the system's identity provider for this tenant and role.
    public static async Task<SystemClients> ForAsync(RunningSystem system, string tenant, string role) =>
        new(system, await system.TokenAsync(tenant, role));

    /// Calls until the service accepts: what another service announces (a unit) arrives by event a moment later.
    public static async Task Eventually(Func<Task> call, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await call();
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            catch (RpcException e)
            {
                Assert.Fail($"{what}: {e.StatusCode} {e.Status.Detail}");
            }
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels) channel.Dispose();
    }
}
