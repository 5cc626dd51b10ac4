using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Region.ServiceDefaults.Bus;
using Xunit;

namespace Region.ServiceDefaults.Tests.Bus;

public sealed class NothingPhonesHomeTests
{
    [Fact]
    public void MassTransit_usage_telemetry_is_off_in_every_service_bus()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceBus("any-service");
        using var host = builder.Build();

        Assert.False(host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled,
            "MassTransit would send usage telemetry to an outside host at start.");
    }
}
