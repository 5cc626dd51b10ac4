using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Region.ServiceDefaults.DeadLetters;
using Region.ServiceDefaults.Errors;

namespace Region.ServiceDefaults.Bus;

public static class BusExtensions
{
    /// The tag of the broker's health entry, shown by /health and never part of readiness.
    public const string BrokerHealthTag = "broker";

    /// Deliveries a receive endpoint takes and works on at once, unless Bus:PrefetchCount says otherwise.
    public const ushort DefaultPrefetchCount = 16;

    /// The waits between a delivery's tries while what its consumer needs is away: growing to a
    /// minute, about ten minutes in all, within RabbitMQ's consumer timeout (30 minutes), after
    /// which the broker would take the delivery back from a consumer that holds it unacknowledged.
    public static readonly TimeSpan[] OutageRetryIntervals =
        [.. new[] { 1, 2, 3, 5, 8, 13, 21, 34, 55 }.Concat(Enumerable.Repeat(60, 8)).Select(s => TimeSpan.FromSeconds(s))];

    /// MassTransit on RabbitMQ (RabbitMq:Uri, :Username, :Password): durable queues named after the
    /// service, retries (a dependency's outage waited out, any other fault tried a few times), and
    /// after that the endpoint's visible "<queue>_error" queue. Consumers are registered by the caller.
    /// Two settings let tests host a whole service on a shared broker: Bus:QueuePrefix names its
    /// queues apart from a running service's (which would otherwise share the events with it), and
    /// Bus:TemporaryQueues has the broker delete them when the host disconnects.
    public static IHostApplicationBuilder AddServiceBus(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var uri = new Uri(builder.Configuration["RabbitMq:Uri"] ?? "rabbitmq://127.0.0.1:55672/");
        var username = builder.Configuration["RabbitMq:Username"] ?? "guest";
        var password = builder.Configuration["RabbitMq:Password"] ?? "guest";

        var brokerConnection = new BrokerConnection(uri, username, password, serviceName);
        var errorQueues = new ErrorQueues(brokerConnection);
        builder.Services.AddSingleton(_ => brokerConnection); // a factory, so the container disposes it
        builder.Services.AddSingleton(errorQueues);
        builder.Services.AddMassTransit(x =>
        {
            // MassTransit would otherwise report usage to its vendor's host at start: nothing phones home.
            x.DisableUsageTelemetry();
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(builder.Configuration["Bus:QueuePrefix"] ?? serviceName, false));
            consumers?.Invoke(x);
            // Each receive endpoint's name, so the dead-letter admin knows which "<queue>_error" are ours.
            x.AddConfigureEndpointsCallback((queue, _) => errorQueues.AddEndpoint(queue));
            if (builder.Configuration.GetValue<bool>("Bus:TemporaryQueues"))
                x.AddConfigureEndpointsCallback((_, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator queue) queue.AutoDelete = true;
                });
            x.AddConsumeObserver<ConsumeMetrics>();
            // MassTransit's own check (its receive endpoints) joins readiness by default (tag "ready"),
            // Unhealthy until the bus has started: a service started while the broker was away
            // was never ready, though it serves reads and keeps its events in the outbox. Outside
            // readiness and Degraded, as the broker check: /health shows it.
            x.ConfigureHealthCheckOptions(o =>
            {
                o.Tags.Add(BrokerHealthTag);
                o.MinimalFailureStatus = HealthStatus.Degraded;
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                PublisherEntityNames.Apply(cfg);
                cfg.Host(uri, h =>
                {
                    h.Username(username);
                    h.Password(password);
                    // Publisher confirms (the default, stated here because the outbox relies on it):
                    // a publish completes only once the broker has taken the message.
                    h.PublisherConfirmation = true;
                });
                // Deliveries each endpoint works on at once (MassTransit's default is twice the cores, at
                // most 16: 4 here). A consumer mostly waits on its database round trips, so 4 at a
                // time left reporting's queues backing up behind a burst of writes; the consumers
                // decide by versions, not arrival order, so running more at once changes no result.
                // Not more by default: every delivery at work holds a database connection (the pool
                // has 100). Reporting takes 64: its deliveries wait for a group commit without one
                // (ReadModelGroups.MaxGroup).
                cfg.PrefetchCount = builder.Configuration.GetValue<ushort?>("Bus:PrefetchCount") ?? DefaultPrefetchCount;
                // Two retries, by what failed. The consumer's database (or another dependency) away:
                // the delivery waits it out, as long as a failover or a restart takes (OutageRetryIntervals),
                // rather than landing in the error queue with the read model behind until an operator
                // replays it. Anything else (the message or the code): a few quick tries, then the
                // error queue. The outage one is outside; the quick one ignores outages, for a retry
                // that gives up on a fault it handles stops the retries outside it as well. Both given
                // the bus (cfg again), so a stopping service ends their waits and hands the delivery
                // back at once instead of after the bus's stop timeout (10 s, below).
                cfg.UseMessageRetry(cfg, r =>
                {
                    r.Intervals(OutageRetryIntervals);
                    r.Handle<Exception>(ErrorMappingInterceptor.IsOutage);
                });
                cfg.UseMessageRetry(cfg, r =>
                {
                    r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(400));
                    r.Ignore<Exception>(ErrorMappingInterceptor.IsOutage);
                    r.Ignore<DeliveryHandedBackException>();
                });
                // Inside both retries: a consumer failing while the service stops hands its delivery back.
                cfg.UseFilter(new HandBackWhenStoppingFilter(context.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
                cfg.ConfigureEndpoints(context);
            });
        });
        // Not "ready": a broker outage degrades the service (events wait in the outbox) but must not
        // take every pod out of rotation. /health shows it.
        builder.Services.AddHostedService<ErrorQueueDepthMonitor>();
        builder.Services.AddHealthChecks().AddCheck<BrokerHealthCheck>("broker", HealthStatus.Degraded, tags: [BrokerHealthTag]);
        // Start without waiting for the broker: the outbox keeps events until it is back, and the
        // broker check says it is missing.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }
}
