using Grpc.AspNetCore.HealthChecks;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Region.ServiceDefaults.Hosting;

/// Readiness under each mapped gRPC service's own name (region.budget.v1.BudgetService, ...) as
/// well as the whole server's (""): Kubernetes gRPC probes ask for a service by name.
internal static class GrpcHealthNames
{
    /// The application's endpoint sources, handed over by MapDefaultEndpoints. Not routing's own
    /// list: that fills only when the pipeline is built, after the health options are first read.
    private sealed class AppEndpoints
    {
        public ICollection<EndpointDataSource> Sources { get; set; } = [];
    }

    public static void AddGrpcHealthNames(this IServiceCollection services)
    {
        services.AddSingleton<AppEndpoints>();
        services.AddOptions<GrpcHealthChecksOptions>().Configure<AppEndpoints>((options, app) =>
        {
            var names = app.Sources.SelectMany(s => s.Endpoints)
                .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.ServiceName)
                .OfType<string>()
                .Distinct();
            foreach (var name in names) options.Services.Map(name, r => r.Tags.Contains("ready"));
        });
    }

    /// The options are built at start-up, after Program.cs has mapped every service, so no service
    /// lists its names itself.
    public static void AnswerHealthForEachGrpcService(this WebApplication app) =>
        app.Services.GetRequiredService<AppEndpoints>().Sources = ((IEndpointRouteBuilder)app).DataSources;
}
