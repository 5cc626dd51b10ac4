using System.Collections.Concurrent;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Region.EndToEnd.Tests.Robustness;

/// Every unary RPC of every service (its own and the audit and dead-letter RPCs each also serves),
/// called with what a careless or hostile caller sends: the empty message, each field at an edge
/// value, seeded random messages. Whatever comes back must be a deliberate answer: never UNKNOWN
/// or INTERNAL, never a dropped connection or a missed deadline, INVALID_ARGUMENT always with a
/// BadRequest, and no status message that echoes input unbounded.
/// Afterwards every service is still SERVING and the tenant's data still answers.
public sealed class GeneratedRobustnessTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    // One tenant with the demo plan, budget, investments and calendar, shared by the theory's cases.
    private static readonly SemaphoreSlim SeedLock = new(1, 1);
    private static string? _seededTenant;

    private const int RandomMessagesPerRpc = 12;
    private const int MaxStatusDetail = 2_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static readonly (string Service, ServiceDescriptor Descriptor)[] Services =
    [
        ("budget", Region.Budget.V1.BudgetService.Descriptor),
        ("goals", Region.Goals.V1.GoalsService.Descriptor),
        ("investments", Region.Investments.V1.InvestmentsService.Descriptor),
        ("meetings", Region.Meetings.V1.MeetingsService.Descriptor),
        ("reporting", Region.Reporting.V1.ReportingService.Descriptor),
        ("notifications", Region.Notifications.V1.NotificationsService.Descriptor),
    ];

    /// Served by every service beside its own (its audit trail and its dead letters): called through
    /// each host, since each answers from its own database and error queues.
    private static readonly ServiceDescriptor[] SharedServices =
    [
        Region.Common.V1.AuditService.Descriptor,
        Region.Common.V1.DeadLetterService.Descriptor,
    ];

    /// The unary RPCs a service's host serves: its own service's and the shared ones.
    private static IEnumerable<MethodDescriptor> UnaryRpcsOf(ServiceDescriptor own) =>
        new[] { own }.Concat(SharedServices).SelectMany(DynamicRpc.Unary);

    [Theory]
    // A service joins when its handlers answer every case deliberately (issue 15, service by service).
    [InlineData("budget")]
    [InlineData("goals")]
    [InlineData("investments")]
    [InlineData("meetings")]
    [InlineData("reporting")]
    [InlineData("notifications")]
    public async Task Every_unary_RPC_answers_any_input_deliberately_and_the_tenant_survives(string target)
    {
        var tenant = await SeededTenantAsync();
        // An admin of the tenant: every rpc is open to it, so each case reaches the handler.
        var headers = new Metadata { { "authorization", "Bearer " + await system.TokenAsync(tenant) } };

        var failures = new ConcurrentBag<string>();
        var calls = 0;
        using var throttle = new SemaphoreSlim(8);
        var channels = Services.ToDictionary(s => s.Service, s => GrpcChannel.ForAddress(system.ServiceProcesses[s.Service].GrpcUrl));
        var tasks = new List<Task>();
        foreach (var (service, descriptor) in Services.Where(s => s.Service == target))
            foreach (var rpc in UnaryRpcsOf(descriptor))
                foreach (var (description, message) in Cases(rpc))
                {
                    tasks.Add(Task.Run(async () =>
                    {
                        await throttle.WaitAsync();
                        try
                        {
                            Interlocked.Increment(ref calls);
                            if (await ProblemAsync(channels[service].CreateCallInvoker(), rpc, message, headers) is { } problem)
                                failures.Add($"{rpc.FullName} [{description}]: {problem}");
                        }
                        finally { throttle.Release(); }
                    }));
                }
        await Task.WhenAll(tasks);

        foreach (var (service, _) in Services)
        {
            var health = await new Health.HealthClient(channels[service]).CheckAsync(new HealthCheckRequest());
            if (health.Status != HealthCheckResponse.Types.ServingStatus.Serving) failures.Add($"{service}: health {health.Status} afterwards");
        }
        var units = await new Region.Budget.V1.BudgetService.BudgetServiceClient(channels["budget"]).ListUnitsAsync(new(), headers);
        Assert.True(units.Units.Count > 0, "The tenant lost its units.");
        await new Region.Reporting.V1.ReportingService.ReportingServiceClient(channels["reporting"])
            .GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" }, headers);
        foreach (var channel in channels.Values) channel.Dispose();

        Assert.True(failures.IsEmpty, Summary(failures, calls) + "\n" + system.Logs()[..Math.Min(20_000, system.Logs().Length)]);
    }

    private async Task<string> SeededTenantAsync()
    {
        await SeedLock.WaitAsync();
        try
        {
            if (_seededTenant is not null) return _seededTenant;
            var tenant = "rob" + Guid.NewGuid().ToString("N")[..10];
            foreach (var file in new[] { "budget.yaml", "goals.yaml", "investments.yaml", "meetings.yaml" })
            {
                var (exit, output) = await system.RegionCtlAsync(tenant, TimeSpan.FromMinutes(5), "import", Path.Combine("demo-data", "rs-2022", file));
                Assert.True(exit == 0, $"import {file}: {output}");
            }
            return _seededTenant = tenant;
        }
        finally { SeedLock.Release(); }
    }

    private static IEnumerable<(string, Google.Protobuf.IMessage)> Cases(MethodDescriptor rpc)
    {
        var generator = new MessageGenerator(rpc.FullName.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        yield return ("empty", generator.Empty(rpc.InputType));
        yield return ("plausible", generator.Plausible(rpc.InputType));
        foreach (var edge in generator.EdgeCases(rpc.InputType)) yield return edge;
        for (var i = 0; i < RandomMessagesPerRpc; i++) yield return ($"random #{i}", generator.Random(rpc.InputType));
    }

    /// Null when the answer is a deliberate one; otherwise what is wrong with it.
    private static async Task<string?> ProblemAsync(CallInvoker invoker, MethodDescriptor rpc, Google.Protobuf.IMessage request, Metadata headers)
    {
        try
        {
            await DynamicRpc.CallAsync(invoker, rpc, request, new CallOptions(headers, DateTime.UtcNow + Deadline));
            return null;
        }
        catch (RpcException e)
        {
            if (e.StatusCode is StatusCode.Unknown or StatusCode.Internal or StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.DataLoss)
                return $"{e.StatusCode}: {Cut(e.Status.Detail)}";
            if (e.Status.Detail.Length > MaxStatusDetail) return $"{e.StatusCode} with a {e.Status.Detail.Length}-character message";
            if (e.StatusCode != StatusCode.InvalidArgument) return null;
            if (e.GetRpcStatus()?.GetDetail<BadRequest>() is not { } bad)
                return $"INVALID_ARGUMENT without a BadRequest: {Cut(e.Status.Detail)}";
            // The one nameless violation is the error mapping's safety net for values the database refused:
            // the service let input through that it should have checked itself, naming the field.
            if (bad.FieldViolations is [{ Field: "" }])
                return $"INVALID_ARGUMENT from the database, no field named: {Cut(e.Status.Detail)}";
            return null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {Cut(e.Message)}";
        }
    }

    private static string Cut(string s) => s.Length > 300 ? s[..300] + "…" : s;

    private static string Summary(IEnumerable<string> failures, int calls)
    {
        var list = failures.Order(StringComparer.Ordinal).ToList();
        var byRpc = list.GroupBy(f => f[..f.IndexOf(' ')]).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Count()} failing case(s), e.g.\n    " + string.Join("\n    ", g.Take(4)));
        return $"{list.Count} of {calls} calls were not answered deliberately:\n" + string.Join("\n", byRpc);
    }
}
