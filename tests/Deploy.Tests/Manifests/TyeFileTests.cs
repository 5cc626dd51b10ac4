using Npgsql;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Region.Deploy.Tests.Manifests;

/// tye.yaml against the solution, the services' appsettings.json and deploy/local/start, so the
/// three descriptions of "what runs where" never drift apart.
public sealed class TyeFileTests
{
    static readonly TyeFile Tye = TyeFile.Load(Path.Combine(ServiceCatalog.Root, "tye.yaml"));

    static IEnumerable<TyeService> ProjectEntries => Tye.Services.Where(s => s.Project is not null);

    [Fact]
    public void Every_web_service_project_in_services_is_in_the_solution()
    {
        var solution = ServiceCatalog.SolutionProjects();
        Assert.NotEmpty(ServiceCatalog.WebServices);
        Assert.All(ServiceCatalog.WebServices, s => Assert.Contains(s.Project, solution));
    }

    [Fact]
    public void Every_web_service_has_a_tye_entry_with_its_project_ports_and_database()
    {
        Assert.All(ServiceCatalog.WebServices, service =>
        {
            var entry = Assert.Single(Tye.Services, s => s.Name == service.Name);
            Assert.Equal(service.Project, entry.Project);
            if (service.GrpcPort is { } grpc)
            {
                Assert.Equal(grpc, entry.Binding("grpc", "http2").Port);
                Assert.Equal(grpc.ToString(), entry.EnvValue("Ports__Grpc"));
            }
            else
            {
                Assert.DoesNotContain(entry.Bindings, b => b.Name == "grpc");
                Assert.DoesNotContain(entry.Env, e => e.Name == "Ports__Grpc");
            }
            Assert.Equal(service.HttpPort, entry.Binding("http", "http").Port);
            Assert.Equal(service.HttpPort.ToString(), entry.EnvValue("Ports__Http"));
            Assert.Equal(service.Database, new NpgsqlConnectionStringBuilder(entry.EnvValue("ConnectionStrings__Database")).Database);
        });
    }

    [Fact]
    public void Every_tye_project_entry_is_a_web_service_of_the_solution()
    {
        var solution = ServiceCatalog.SolutionProjects();
        var services = ServiceCatalog.WebServices.Select(s => s.Name).ToHashSet();
        Assert.All(ProjectEntries, entry =>
        {
            if (ServiceCatalog.Arriving.Contains(entry.Name) && !File.Exists(Path.Combine(ServiceCatalog.Root, entry.Project!)))
                return; // described ahead of its project (see ServiceCatalog.Arriving)
            Assert.Contains(entry.Project, solution);
            Assert.Contains(entry.Name, services);
        });
    }

    [Fact]
    public void Tye_entries_never_share_a_port_or_a_database()
    {
        var ports = Tye.Services.SelectMany(s => s.Bindings).Select(b => b.Port).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        var databases = ProjectEntries
            .Select(e => new NpgsqlConnectionStringBuilder(e.EnvValue("ConnectionStrings__Database")).Database).ToList();
        Assert.Equal(databases.Count, databases.Distinct().Count());
    }

    [Fact]
    public void Services_reach_postgres_and_rabbitmq_on_the_ports_tye_declares_for_them()
    {
        var postgres = Assert.Single(Assert.Single(Tye.Services, s => s.Name == "postgres").Bindings).Port;
        var rabbitmq = Assert.Single(Assert.Single(Tye.Services, s => s.Name == "rabbitmq").Bindings).Port;
        Assert.All(ProjectEntries, entry =>
        {
            Assert.Equal(postgres, new NpgsqlConnectionStringBuilder(entry.EnvValue("ConnectionStrings__Database")).Port);
            // Every service on the bus names the broker; identity is the one that uses none.
            if (entry.Name != "identity")
                Assert.Equal(rabbitmq, new Uri(entry.EnvValue("RabbitMq__Uri")).Port);
        });
    }

    [Fact]
    public void Services_started_by_deploy_local_use_the_tye_ports()
    {
        // deploy/local/start: SERVICES=( "name|dir|dll|grpc|http" ... ), grpc empty for identity
        var lines = File.ReadAllLines(Path.Combine(ServiceCatalog.Root, "deploy", "local", "start"))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith('"') && l.Count(c => c == '|') == 4)
            .Select(l => l.Trim('"').Split('|'))
            .ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, fields =>
        {
            var entry = Assert.Single(Tye.Services, s => s.Name == fields[0]);
            Assert.Equal($"{fields[1]}/{Path.GetFileNameWithoutExtension(fields[2])}.csproj", entry.Project);
            if (fields[3].Length > 0) Assert.Equal(int.Parse(fields[3]), entry.Binding("grpc", "http2").Port);
            else Assert.DoesNotContain(entry.Bindings, b => b.Name == "grpc");
            Assert.Equal(int.Parse(fields[4]), entry.Binding("http", "http").Port);
        });
    }
}

public sealed class TyeFile
{
    public string Name { get; set; } = "";
    public List<TyeService> Services { get; set; } = [];

    public static TyeFile Load(string path) =>
        new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
            .Deserialize<TyeFile>(File.ReadAllText(path));
}

public sealed class TyeService
{
    public string Name { get; set; } = "";
    public string? Project { get; set; }
    /// A program that is not a project of the solution (the local mail sink), with its arguments.
    public string? Executable { get; set; }
    public string? Args { get; set; }
    public bool External { get; set; }
    public List<TyeBinding> Bindings { get; set; } = [];
    public List<TyeEnv> Env { get; set; } = [];

    public TyeBinding Binding(string name, string protocol)
    {
        var binding = Assert.Single(Bindings, b => b.Name == name);
        Assert.Equal(protocol, binding.Protocol);
        return binding;
    }

    public string EnvValue(string name) => Assert.Single(Env, e => e.Name == name).Value;
}

public sealed class TyeBinding
{
    public string? Name { get; set; }
    public int Port { get; set; }
    public string? Protocol { get; set; }
    public string? ConnectionString { get; set; }
}

public sealed class TyeEnv
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}
