using Grpc.Health.V1;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Region.TestSupport;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Region.Notifications.Tests;

/// As the other services (Cli.Tests' GrpcHealthNamesTests, which cannot host notifications without
/// its reporting and mail sink): a Kubernetes gRPC probe naming the service gets SERVING, as the
/// whole server ("") does, not NOT_FOUND.
public sealed class GrpcHealthNameTests(OneHost f) : IClassFixture<OneHost>
{
    [Fact]
    public async Task Health_check_answers_serving_for_the_service_own_name()
    {
        await TestInfra.WaitUntilHealthyAsync(f.Host.Factory.Services.GetRequiredService<IBusControl>(), f.Host.Service);
        var health = new Health.HealthClient(f.Host.Invoker());

        var whole = await health.CheckAsync(new HealthCheckRequest { Service = "" });
        var own = await health.CheckAsync(new HealthCheckRequest { Service = "region.notifications.v1.NotificationsService" });

        Assert.Equal((ServingStatus.Serving, ServingStatus.Serving), (whole.Status, own.Status));
    }
}
