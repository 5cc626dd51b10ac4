extern alias reporting;
using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Region.Identity.Accounts;
using Region.MailSink;
using Region.Notifications.Data;
using Region.Notifications.V1;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;
using ReportingDb = reporting::Region.Reporting.Data.ReportingDb;
using ReportingProgram = reporting::Program;

namespace Region.Notifications.Tests;

/// A clock the test sets: the reminder job's "today" and the mail sender's "now".
public sealed class TestClock : TimeProvider
{
    /// 30 August 2022, 10:00 in Sweden: 14 days before the tertial 2 deadline of the seeded calendar.
    public DateTimeOffset Now { get; set; } = new(2022, 8, 30, 10, 0, 0, TimeSpan.FromHours(2));

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}

/// The reporting service on a real loopback port, so the notifications service calls it as in production.
public sealed class ReportingOnKestrel() : ServiceHost<ReportingProgram>("reporting")
{
    protected override bool OnKestrel => true;

    protected override void Configure(IWebHostBuilder web)
    {
        foreach (var source in new[] { "budget", "goals", "investments", "meetings" }) web.UseSetting($"Sources:{source}:Address", "");
    }

    public ReportingDb Db(string tenant) => new ReportingDb(DbOptions<ReportingDb>()).Serving(new CallerContext { Tenant = tenant });
}

/// The notifications service in-process, asking `reporting` with a client of its own and sending
/// to `mail`. A second host may share the first one's database (two scheduler instances).
public sealed class NotificationsHost(ReportingOnKestrel reporting, MailSinkServer mail, TestClock clock, NotificationsClient client, bool remindersEnabled, string? sharedDatabase = null)
    : ServiceHost<Program>("notifications")
{
    protected override void Configure(IWebHostBuilder web)
    {
        if (sharedDatabase is not null) web.UseSetting("ConnectionStrings:Database", sharedDatabase);
        web.UseSetting("Reporting:Address", reporting.Address);
        web.UseSetting("Auth:Client:Id", client.Id);
        web.UseSetting("Auth:Client:Secret", client.Secret);
        web.UseSetting("Mail:Host", "127.0.0.1");
        web.UseSetting("Mail:Port", mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        web.UseSetting("Mail:PollInterval", "00:00:00.200");
        web.UseSetting("Mail:Timeout", "00:00:05");
        web.UseSetting("Mail:LinkBaseUrl", "https://uppfoljning.example.se");
        web.UseSetting("Reminders:Enabled", remindersEnabled.ToString());
        web.UseSetting("Reminders:Every", "00:00:01");
        web.ConfigureServices(s => s.AddKeyedSingleton<TimeProvider>(Region.Notifications.Reminders.NotificationsClock.Key, clock));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await WaitForBusAsync();
    }

    public NotificationsService.NotificationsServiceClient Client(string tenant) => new(Invoker(tenant));

    public NotificationsDb Db(string tenant) => new NotificationsDb(DbOptions<NotificationsDb>()).Serving(new CallerContext { Tenant = tenant });

    public IBus Bus => Factory.Services.GetRequiredService<IBus>();
}

/// The notifications service's own client at the identity provider (role reader), given each
/// tenant a test uses, as a region's seed file gives it its tenants.
public sealed class NotificationsClient
{
    public string Id { get; } = "notifications-" + Guid.NewGuid().ToString("N")[..10];
    public string Secret { get; } = Guid.NewGuid().ToString("N");
    private readonly List<string> _tenants = [];

    public async Task AllowAsync(IdentityProvider identity, string tenant)
    {
        string[] tenants;
        lock (_tenants) { _tenants.Add(tenant); tenants = [.. _tenants]; }
        await identity.RegisterClientAsync(new ClientDefinition
        {
            ClientId = Id, DisplayName = "Notifieringstjänsten (test)", Secret = Secret,
            Grants = [ClientGrant.ClientCredentials], Tenants = tenants, Roles = [RegionRoles.Reader],
        });
    }
}

/// Reporting, a real SMTP server (the mail sink's) and one or two notifications hosts.
public class NotificationsFixture(bool remindersEnabled, int hosts) : IAsyncLifetime
{
    public ReportingOnKestrel Reporting { get; } = new();
    public MailSinkServer Mail { get; } = new(TestInfra.FreePort(), refuses: address => address.StartsWith("nobody", StringComparison.OrdinalIgnoreCase));
    public TestClock Clock { get; } = new();
    public NotificationsClient ServiceClient { get; } = new();
    public ConcurrentQueue<MimeMessage> Received { get; } = new();
    public List<NotificationsHost> Hosts { get; } = [];
    public NotificationsHost Host => Hosts[0];

    public async Task InitializeAsync()
    {
        await Reporting.InitializeAsync();
        Mail.Received += Received.Enqueue;
        Mail.Start();
        var first = new NotificationsHost(Reporting, Mail, Clock, ServiceClient, remindersEnabled);
        await first.InitializeAsync();
        Hosts.Add(first);
        for (var i = 1; i < hosts; i++)
        {
            var other = new NotificationsHost(Reporting, Mail, Clock, ServiceClient, remindersEnabled, first.ConnectionString);
            await other.InitializeAsync();
            Hosts.Add(other);
        }
    }

    public async Task DisposeAsync()
    {
        // Every host stops before the first one drops the database they share: a scheduler still
        // holding a trigger retries releasing it on a dropped database for ever (Quartz's job store),
        // and the test run hung in this fixture's disposal.
        foreach (var host in Hosts) await host.StopAsync();
        foreach (var host in Hosts) await host.DisposeAsync();
        await Mail.DisposeAsync();
        await Reporting.DisposeAsync();
    }

    /// The mails received for these addresses (To), in arrival order.
    public List<MimeMessage> MailsTo(params string[] addresses) =>
        Received.Where(m => m.To.Mailboxes.Any(x => addresses.Contains(x.Address, StringComparer.OrdinalIgnoreCase))).ToList();

    public static async Task Eventually(Func<Task<bool>> condition, string what, double seconds = 30)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds) Assert.Fail($"Timed out after {seconds} s waiting for {what}.");
            await Task.Delay(50);
        }
    }
}

/// One host, reminders only on demand (RunReminders).
public sealed class OneHost() : NotificationsFixture(remindersEnabled: false, hosts: 1);

/// Two hosts on one database with the Quartz job every second.
public sealed class TwoSchedulers() : NotificationsFixture(remindersEnabled: true, hosts: 2);
