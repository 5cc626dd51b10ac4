using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Region.Identity.Accounts;
using Region.MailSink;
using Region.ServiceDefaults.Auth;
using Region.TestSupport;

namespace Region.EndToEnd.Tests;

/// The test classes that share one running system (it takes a while to start).
[CollectionDefinition(Name)]
public sealed class RunningSystemCollection : ICollectionFixture<RunningSystem>
{
    public const string Name = "running system";
}

/// Every service as a process, each with its own fresh database, on a private RabbitMQ node (so a
/// demo running on the shared broker never takes this system's messages), trusting the tokens of
/// the test assembly's identity provider, and a way to run deploy/local scripts and regionctl
/// against them, signed in as a client of the tenant. The notifications service mails through an SMTP
/// sink of the system's own, which keeps every mail as an .eml file in MailFolder (as deploy/local's does).
public sealed class RunningSystem : IAsyncLifetime
{
    /// name → project folder under services/. A service joins the end-to-end tests with one line.
    private static readonly (string Name, string Project)[] Services =
    [
        ("budget", "Budget"),
        ("goals", "Goals"),
        ("investments", "Investments"),
        ("meetings", "Meetings"),
        ("reporting", "Reporting"),
        ("notifications", "Notifications"),
    ];

    private readonly PrivateRabbitMq _rabbit = new();
    private readonly string? _postgresAdmin;
    private readonly Dictionary<string, PostgresDatabase> _databases = [];
    private readonly Dictionary<string, ServiceProcess> _services = [];
    private readonly Dictionary<string, (string Project, Dictionary<string, string> Environment)> _startedAs = [];
    private readonly string _config = Directory.CreateTempSubdirectory("regionctl-e2e-").FullName;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _signedIn = new();
    private readonly HashSet<string> _serviceClientTenants = [];
    private readonly string _reportingClient = "e2e-reporting-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _reportingSecret = Guid.NewGuid().ToString("N");
    private readonly string _notificationsClient = "e2e-notifications-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _notificationsSecret = Guid.NewGuid().ToString("N");
    private readonly MailSinkServer _mail;

    public RunningSystem() : this(null)
    {
    }

    /// The system on another PostgreSQL cluster than the shared one (the fault suite's own, which it restarts).
    internal RunningSystem(string? postgresAdminConnectionString)
    {
        _postgresAdmin = postgresAdminConnectionString;
        _mail = new MailSinkServer(TestInfra.FreePort(), MailFolder);
    }

    /// Where the system's SMTP sink keeps every mail the notifications service sends, one .eml file each.
    public string MailFolder { get; } = Directory.CreateTempSubdirectory("regionservices-e2e-mail-").FullName;

    public IReadOnlyDictionary<string, ServiceProcess> ServiceProcesses => _services;

    /// The system's own broker node, which a test may stop and start.
    public PrivateRabbitMq Broker => _rabbit;

    /// The database of one service (e.g. "reporting"), for a test that reads it directly.
    public string DatabaseOf(string service) => _databases[service].ConnectionString;

    /// The identity provider every service trusts (Auth__Authority).
    public IdentityProvider Identity { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Identity = await IdentityProvider.SharedAsync();
        await _rabbit.InitializeAsync();
        _mail.Start();
        // Started one by one: the budget service first declares the exchanges the others bind to.
        foreach (var (name, project) in Services)
        {
            var database = await PostgresDatabase.CreateAsync(_postgresAdmin);
            _databases[name] = database;
            var environment = new Dictionary<string, string>
            {
                ["Auth__Authority"] = Identity.Authority.ToString(),
                ["Auth__RequireHttpsMetadata"] = "false",
            };
            // Reporting asks the services started before it for snapshots (RebuildReadModel): here, not on the default
            // ports, with a client of its own (AllowServiceClientsAsync gives it the tenants).
            foreach (var s in _services.Values) environment[$"Sources__{s.Name}__Address"] = s.GrpcUrl.ToString().TrimEnd('/');
            // Each service with its own broker login, as deploy/local/start runs them: it may write only its own events.
            environment["RabbitMq__Username"] = name;
            environment["RabbitMq__Password"] = (await File.ReadAllTextAsync(Path.Combine(_rabbit.DataDirectory, "users", name + ".secret"))).Trim();
            if (name == "reporting")
            {
                environment["Auth__Client__Id"] = _reportingClient;
                environment["Auth__Client__Secret"] = _reportingSecret;
            }
            // Notifications reads deadlines and missing items from this system's reporting with a client
            // of its own (role reader, as in demo-data/identity.yaml) and mails through the system's sink.
            if (name == "notifications")
            {
                environment["Reporting__Address"] = _services["reporting"].GrpcUrl.ToString().TrimEnd('/');
                environment["Auth__Client__Id"] = _notificationsClient;
                environment["Auth__Client__Secret"] = _notificationsSecret;
                environment["Mail__Host"] = "127.0.0.1";
                environment["Mail__Port"] = _mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            _startedAs[name] = (project, environment);
            _services[name] = await ServiceProcess.StartAsync(name, project, database.ConnectionString, _rabbit.Uri, environment);
        }
    }

    /// Kills the service with SIGKILL (no shutdown of any kind) and starts it again on its database.
    public async Task KillAndRestartAsync(string name)
    {
        await _services[name].DisposeAsync();
        _services[name] = await StartReplicaAsync(name);
    }

    /// Kills the service with SIGKILL, as a service that went down; StartAgainAsync brings it back.
    public async Task StopAsync(string name) => await _services[name].DisposeAsync();

    /// Starts a service stopped by StopAsync again on its database and on the same ports, the
    /// address the other services were given.
    public async Task StartAgainAsync(string name)
    {
        var (project, environment) = _startedAs[name];
        var stopped = _services[name];
        _services[name] = await ServiceProcess.StartAsync(name, project, _databases[name].ConnectionString, _rabbit.Uri, environment,
            (stopped.GrpcPort, stopped.HttpPort));
    }

    /// One more process of the service on the same database and broker, as a second replica
    /// behind a load balancer would be; the caller disposes it.
    public Task<ServiceProcess> StartReplicaAsync(string name)
    {
        var (project, environment) = _startedAs[name];
        return ServiceProcess.StartAsync(name, project, _databases[name].ConnectionString, _rabbit.Uri, environment);
    }

    /// A token of the tenant with these roles (default admin), for calls a test makes itself.
    public Task<string> TokenAsync(string tenant, params string[] roles) =>
        Identity.TokenAsync(tenant, roles.Length > 0 ? roles : [RegionRoles.Admin]);

    /// Lets the services' own clients act for this tenant too, with the roles demo-data/identity.yaml
    /// gives them: reporting's (snapshot, for a rebuild) and notifications' (reader, for reminders).
    public async Task AllowServiceClientsAsync(string tenant)
    {
        string[] tenants;
        lock (_serviceClientTenants)
        {
            _serviceClientTenants.Add(tenant);
            tenants = [.. _serviceClientTenants.Order(StringComparer.Ordinal)];
        }
        await Identity.RegisterClientAsync(new ClientDefinition
        {
            ClientId = _reportingClient, DisplayName = "Rapporttjänsten (e2e)", Secret = _reportingSecret,
            Grants = [ClientGrant.ClientCredentials], Tenants = tenants, Roles = [RegionRoles.Snapshot],
        });
        await Identity.RegisterClientAsync(new ClientDefinition
        {
            ClientId = _notificationsClient, DisplayName = "Notifieringstjänsten (e2e)", Secret = _notificationsSecret,
            Grants = [ClientGrant.ClientCredentials], Tenants = tenants, Roles = [RegionRoles.Reader],
        });
    }

    /// Signs regionctl in for this tenant (once), as deploy/local/start does for the demo: a
    /// client-credentials client of its own (role admin) and `regionctl login --client-secret-file`,
    /// the tokens kept in a config folder of the tenant's (XDG_CONFIG_HOME).
    public Task SignInAsync(string tenant) => _signedIn.GetOrAdd(tenant, t => new Lazy<Task>(() => SignInOnceAsync(t))).Value;

    private async Task SignInOnceAsync(string tenant)
    {
        var clientId = "e2e-" + tenant;
        var secret = Guid.NewGuid().ToString("N");
        await Identity.RegisterClientAsync(new ClientDefinition
        {
            ClientId = clientId, DisplayName = "end-to-end", Secret = secret,
            Grants = [ClientGrant.ClientCredentials], Tenants = [tenant], Roles = [RegionRoles.Admin],
        });
        var secretFile = Path.Combine(ConfigFolder(tenant), "client.secret");
        Directory.CreateDirectory(ConfigFolder(tenant));
        await File.WriteAllTextAsync(secretFile, secret);
        var (exitCode, output) = await RunRawAsync("dotnet", [RegionCtlDll, "login", "--identity", Identity.Authority.ToString(),
            "--client-id", clientId, "--client-secret-file", secretFile], tenant, TimeSpan.FromMinutes(3));
        if (exitCode != 0) throw new InvalidOperationException($"regionctl login for {tenant} exited with {exitCode}:\n{output}");
        await AllowServiceClientsAsync(tenant);
    }

    private string ConfigFolder(string tenant) => Path.Combine(_config, tenant);

    private static string RegionCtlDll => Path.Combine(TestInfra.RepoRoot, "services", "Cli", "bin", ServiceProcess.BuildConfiguration, "net10.0", "regionctl.dll");

    /// The environment that points regionctl at these processes (REGION_<SERVICE>_URL, ..._HTTP_URL).
    public IReadOnlyDictionary<string, string> RegionCtlEnvironment(string tenant)
    {
        var env = new Dictionary<string, string>
        {
            ["REGION_TENANT"] = tenant,
            // The tenant's own signed-in login (SignInAsync).
            ["XDG_CONFIG_HOME"] = ConfigFolder(tenant),
            ["REGIONCTL"] = $"dotnet {RegionCtlDll}",
            // deploy/local/load lists the reminder mails from here.
            ["MAIL_DIR"] = MailFolder,
            // Spectre.Console: no colours or cursor tricks in captured output, and a wide table.
            ["NO_COLOR"] = "1",
            ["COLUMNS"] = "200",
        };
        foreach (var (name, service) in _services)
        {
            env[$"REGION_{name.ToUpperInvariant()}_URL"] = service.GrpcUrl.ToString().TrimEnd('/');
            env[$"REGION_{name.ToUpperInvariant()}_HTTP_URL"] = service.HttpUrl.ToString().TrimEnd('/');
        }
        return env;
    }

    /// Runs a script of deploy/local (e.g. "load") against these services; returns its exit code and output.
    public Task<(int ExitCode, string Output)> RunScriptAsync(string script, string tenant, TimeSpan timeout) =>
        RunAsync("bash", [Path.Combine(TestInfra.RepoRoot, "deploy", "local", script)], tenant, timeout);

    /// Runs the built regionctl against these services, as a person would from a shell.
    public Task<(int ExitCode, string Output)> RegionCtlAsync(string tenant, params string[] args) =>
        RegionCtlAsync(tenant, TimeSpan.FromMinutes(1), args);

    /// The same with a time limit of its own (an import of a whole demo file on a busy machine).
    public Task<(int ExitCode, string Output)> RegionCtlAsync(string tenant, TimeSpan timeout, params string[] args) =>
        RunAsync("dotnet", [RegionCtlDll, .. args], tenant, timeout);

    private async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> args, string tenant, TimeSpan timeout)
    {
        await SignInAsync(tenant);
        return await RunRawAsync(fileName, args, tenant, timeout);
    }

    private async Task<(int ExitCode, string Output)> RunRawAsync(string fileName, IEnumerable<string> args, string tenant, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = TestInfra.RepoRoot };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in RegionCtlEnvironment(tenant)) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s:\n{output}");
        }
        // WaitForExitAsync returns after the redirected streams are drained.
        lock (output) return (process.ExitCode, output.ToString());
    }

    /// What every service wrote, for failure messages.
    public string Logs() => string.Join("\n", _services.Values.Select(s => $"--- {s.Name}\n{s.Log}"));

    public async Task DisposeAsync()
    {
        foreach (var service in _services.Values) await service.DisposeAsync();
        foreach (var database in _databases.Values) await database.DisposeAsync();
        await _rabbit.DisposeAsync();
        await _mail.DisposeAsync();
        Directory.Delete(_config, recursive: true);
        Directory.Delete(MailFolder, recursive: true);
    }
}
