using System.Diagnostics;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Bus;
using Region.ServiceDefaults.DeadLetters;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Grpc;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Hosting;

/// The two calls every service's Program.cs makes: AddServiceDefaults before Build, MapDefaultEndpoints after.
public static class ServiceDefaultsExtensions
{
    /// Telemetry, Kestrel endpoints, token validation (Auth:*), gRPC with error mapping and
    /// authorisation, JSON transcoding, reflection and health checks. Only the identity provider,
    /// which issues tokens rather than taking them, passes validatesTokens: false.
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName, bool validatesTokens = true)
    {
        builder.AddTelemetry(serviceName);
        builder.ConfigureKestrelEndpoints();
        if (validatesTokens) builder.AddTokenAuthentication();

        builder.Services.AddScoped<CallerContext>();
        builder.Services.AddScoped<RequestContext>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddGrpc(o =>
        {
            // Outermost first: the error mapping sees what every later step and the handler throw.
            o.Interceptors.Add<ErrorMappingInterceptor>();
            o.Interceptors.Add<AuthorizationInterceptor>();
            // Never, not even in Development: exception text names tables, constraints and types.
            o.EnableDetailedErrors = false;
            // The largest legitimate request is a region's bulk import (a few MB); larger is refused unread.
            o.MaxReceiveMessageSize = builder.Configuration.GetValue("Grpc:MaxReceiveMessageSize", 16 * 1024 * 1024);
            o.MaxSendMessageSize = builder.Configuration.GetValue("Grpc:MaxSendMessageSize", 32 * 1024 * 1024);
        }).AddJsonTranscoding(o =>
        {
            // Error details (google.rpc.BadRequest, ...) are Any messages: JSON needs their descriptors.
            o.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor);
            // The protobuf JSON mapping writes int64 as strings (amounts in SEK exceed what a JavaScript
            // number holds exactly), as regionctl --json does: one form for every client.
            o.JsonSettings.WriteInt64sAsStrings = true;
        });
        builder.Services.AddSingleton<StreamLimiter>();
        builder.Services.AddGrpcReflection();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);
        builder.Services.AddGrpcHealthChecks(o =>
        {
            // The gRPC health service reports readiness (the database), for the whole server ("").
            o.Services.Map("", r => r.Tags.Contains("ready"));
        });
        builder.Services.AddGrpcHealthNames();
        return builder;
    }

    private static void AddTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        // Every log line carries the trace and span id of the call it belongs to.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeScopes = true;
            o.IncludeFormattedMessage = true;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(t => t
                .AddSource(serviceName, OutboxTelemetry.ActivitySourceName, "MassTransit")
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(m => m
                .AddMeter(serviceName, OutboxTelemetry.MeterName, ConsumeMetrics.MeterName, DeadLetterMetrics.MeterName, "MassTransit")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddView(instrument => new MetricStreamConfiguration { CardinalityLimit = CardinalityLimit(instrument) })
                // Scraped at /metrics on the HTTP port (MapDefaultEndpoints), beside any OTLP export.
                .AddPrometheusExporter());

        // The standard OTEL_* variables configure the exporter; without an endpoint nothing is exported.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.UseOtlpExporter();
    }

    /// The most attribute combinations one instrument keeps apart (more are summed into one overflow
    /// series). OpenTelemetry allocates that many points for every instrument as it is published,
    /// measured or not: at its default of 2000, the ~50 instruments a service publishes took ~10 MB of
    /// large-object heap before the first call. Only the request metrics are keyed by route (an rpc
    /// or JSON path each, times method and status); the others have a few combinations each
    /// (runtime, connections, pools, a row per event type and consumer).
    private static int CardinalityLimit(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Meter.Name is "Microsoft.AspNetCore.Hosting" or "Microsoft.AspNetCore.Routing" ? 2000 : 200;

    private static bool IsProbe(string? path) => path is "/healthz" or "/readyz" or "/health" or "/metrics";

    /// Two endpoints: Ports:Grpc speaks HTTP/2 only (cleartext gRPC needs that), Ports:Http speaks
    /// HTTP/1.1 for JSON transcoding and the health probes. Service:ListenAddress is loopback unless
    /// set (Kubernetes sets 0.0.0.0); Service:GrpcListenAddress, when set, binds the gRPC port
    /// elsewhere (Kubernetes: loopback, where only the Dapr sidecar reaches it). Without ports,
    /// ASP.NET's own URL settings apply.
    private static void ConfigureKestrelEndpoints(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(k =>
        {
            // Set on purpose rather than inherited: headers (gRPC metadata) stay small, HTTP/1 JSON
            // bodies are bounded like gRPC messages, and one connection multiplexes a bounded number of calls.
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            k.Limits.Http2.MaxStreamsPerConnection = 100;
            k.Limits.MaxConcurrentConnections = builder.Configuration.GetValue<long?>("Kestrel:MaxConcurrentConnections") ?? 2000;
        });
        var grpcPort = builder.Configuration.GetValue<int?>("Ports:Grpc");
        var httpPort = builder.Configuration.GetValue<int?>("Ports:Http");
        if (grpcPort is null && httpPort is null) return;
        var address = builder.Configuration["Service:ListenAddress"] ?? "127.0.0.1";
        var grpcAddress = builder.Configuration["Service:GrpcListenAddress"] ?? address;
        var certificate = TlsCertificate.Load(builder.Configuration);
        builder.Services.Configure<KestrelServerOptions>(k =>
        {
            if (grpcPort is { } g) k.Listen(System.Net.IPAddress.Parse(grpcAddress), g, o => Endpoint(o, HttpProtocols.Http2, certificate));
            if (httpPort is { } h) k.Listen(System.Net.IPAddress.Parse(address), h, o => Endpoint(o, HttpProtocols.Http1, certificate));
        });
    }

    /// With a certificate both ports speak TLS only (gRPC over HTTP/2 by ALPN); without, cleartext.
    private static void Endpoint(ListenOptions listen, HttpProtocols protocols, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        listen.Protocols = protocols;
        if (certificate is not null) listen.UseHttps(certificate);
    }

    /// Health endpoints (/healthz live: the process; /readyz ready: its database; /health every
    /// check with the broker, 200 also when only Degraded), the Prometheus scrape endpoint
    /// (/metrics), the gRPC health service (readiness) and reflection.
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready"), ResponseWriter = WriteReport });
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteReport });
        app.MapGrpcHealthChecksService();
        app.AnswerHealthForEachGrpcService();
        app.MapGrpcReflectionService();
        return app;
    }

    /// "Healthy", or the status followed by one line per check, so an operator sees what is missing.
    private static Task WriteReport(Microsoft.AspNetCore.Http.HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Select(e => $"{e.Key}: {e.Value.Status}{(e.Value.Description is { } d ? " - " + d : "")}");
        return Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(http.Response, $"{report.Status}\n{string.Join("\n", lines)}\n");
    }

    /// Must run before the gRPC endpoints: validates the bearer token, if any, into HttpContext.User;
    /// AuthorizationInterceptor (or CallAuthorization for plain HTTP) then decides the call from it.
    public static WebApplication UseCallerContext(this WebApplication app)
    {
        app.UseAuthentication();
        return app;
    }
}
