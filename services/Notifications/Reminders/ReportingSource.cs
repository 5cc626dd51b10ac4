using Grpc.Core;
using Region.Reporting.V1;
using Region.ServiceDefaults;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Tenancy;

namespace Region.Notifications.Reminders;

/// The reporting service as the reminders ask it: with this service's own client-credentials token
/// (role reader) for one tenant, through Dapr when there is a sidecar (Reporting:AppId), directly at
/// Reporting:Address otherwise.
public sealed class ReportingSource(IConfiguration configuration, IServiceProvider services)
{
    /// A fresh token of this service's client and the tenants it names (null: a token we cannot read).
    public async Task<(string Token, IReadOnlyList<string>? Tenants)> TokenAsync(CancellationToken ct)
    {
        // A typed HttpClient is short-lived: taken per run, not kept by this singleton.
        var serviceToken = services.GetRequiredService<ServiceToken>();
        var token = await serviceToken.RequestAsync(ct);
        return (token, serviceToken.TenantsOf(token));
    }

    public async Task<TenantReporting> ForTenantAsync(string tenant, CancellationToken ct)
    {
        var (token, tenants) = await TokenAsync(ct);
        if (tenants is not null && !tenants.Contains(tenant, StringComparer.Ordinal))
            throw new FailedPreconditionException($"The notifications service's client may not act for tenant '{tenant}': give it that tenant at the identity provider.");
        return ForTenant(tenant, token);
    }

    public TenantReporting ForTenant(string tenant, string token)
    {
        var invoker = ServiceInvocation.CreateInvoker(configuration["Reporting:AppId"] ?? "reporting", configuration["Reporting:Address"] ?? "http://127.0.0.1:5105");
        var headers = new Metadata { { CallerContext.TenantHeader, tenant }, { "authorization", "Bearer " + token } };
        return new TenantReporting(new ReportingService.ReportingServiceClient(invoker), headers);
    }
}

/// The reporting client and the headers that make its calls this tenant's. Reporting's own status
/// text is not passed on: a failure says which part is missing.
public sealed record TenantReporting(ReportingService.ReportingServiceClient Client, Metadata Headers)
{
    public Task<IReadOnlyList<ReportingDeadline>> DeadlinesAsync(int year, CancellationToken ct) => AskAsync(async () =>
        (IReadOnlyList<ReportingDeadline>)(await Client.ListDeadlinesAsync(new ListDeadlinesRequest { Year = year }, Headers, cancellationToken: ct)).Deadlines);

    public Task<IReadOnlyList<UnitMissingReports>> MissingAsync(string period, string bodyCode, CancellationToken ct) => AskAsync(async () =>
        (IReadOnlyList<UnitMissingReports>)(await Client.ListMissingReportsAsync(new ListMissingReportsRequest { Period = period, UnitCode = bodyCode }, Headers, cancellationToken: ct)).Units);

    static async Task<T> AskAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            throw new FailedPreconditionException($"The reporting service refused the notifications service's token ({e.StatusCode}): give client notifications the role reader and this tenant.");
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"The reporting service did not answer ({e.StatusCode}); no reminders until it does."));
        }
    }
}
