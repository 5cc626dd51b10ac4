using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Region.Deploy.Tests.Manifests.ManifestJson;

namespace Region.Deploy.Tests.Manifests;

/// What the pods of deploy/k8s are told: the gRPC port on loopback, credentials only from Secrets
/// (each service its own broker login), and broker users as narrow as deploy/local makes them.
public sealed partial class PodSettingsTests
{
    public static TheoryData<string> Kustomizations => new() { "base", "overlays/local" };

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task The_gRPC_port_listens_on_loopback_and_the_HTTP_port_on_the_pod_IP(string kustomization)
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).Rendered(kustomization);
        var shared = Single(objects, "ConfigMap", "region-infrastructure")["data"]!;
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(Str(shared["Service__GrpcListenAddress"]))), "gRPC is not on loopback");
        Assert.Equal("0.0.0.0", Str(shared["Service__ListenAddress"]));
        foreach (var deployment in OfKind(objects, "Deployment").Where(d => ServiceCatalog.WebServices.Any(s => s.Name == Name(d))))
        {
            // No pod may take the setting back.
            foreach (var container in Containers(deployment))
                Assert.DoesNotContain(Items(container["env"]), e => Str(e!["name"]).StartsWith("Service__", StringComparison.Ordinal));
            var configMaps = Containers(deployment).SelectMany(c => Items(c["envFrom"])).Select(f => Str(f!["configMapRef"]?["name"]));
            Assert.All(configMaps.Where(m => m != "region-infrastructure"),
                m => Assert.DoesNotContain(Single(objects, "ConfigMap", m)["data"]!.AsObject(), kv => kv.Key.StartsWith("Service__", StringComparison.Ordinal)));
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Every_credential_comes_from_a_Secret(string kustomization)
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).Rendered(kustomization);
        var plain = new List<string>();
        foreach (var map in OfKind(objects, "ConfigMap"))
        foreach (var (key, value) in map["data"]?.AsObject() ?? [])
            if (Credential().IsMatch(key) || Str(value).Contains("password=", StringComparison.OrdinalIgnoreCase))
                plain.Add($"ConfigMap {Name(map)}: {key}");
        foreach (var deployment in OfKind(objects, "Deployment"))
        foreach (var container in Containers(deployment))
        {
            var fromSecrets = Items(container["env"]).Where(e => e!["valueFrom"]?["secretKeyRef"] is not null).Select(e => Str(e!["name"])).ToHashSet();
            foreach (var env in Items(container["env"]))
            {
                var name = Str(env!["name"]);
                var where = $"{Name(deployment)}/{Str(container["name"])}: {name}";
                if (Credential().IsMatch(name) && !fromSecrets.Contains(name))
                    plain.Add(where);
                // A value may put a password in place ($(DATABASE_PASSWORD), from a Secret) but never hold one.
                foreach (Match password in PasswordInValue().Matches(Str(env["value"])))
                    if (!fromSecrets.Contains(password.Groups["variable"].Value))
                        plain.Add($"{where} holds a password that is not a Secret's");
            }
        }
        Assert.Empty(plain);

        foreach (var service in ServiceCatalog.WebServices.Where(s => s.GrpcPort is not null))
        foreach (var container in Containers(Single(objects, "Deployment", service.Name)))
        {
            // Its own broker login: another service's could publish that service's events.
            Assert.Equal($"{service.Name}-rabbitmq", SecretOf(container, "RabbitMq__Username"));
            Assert.Equal($"{service.Name}-rabbitmq", SecretOf(container, "RabbitMq__Password"));
        }
        var reporting = Assert.Single(Items(Single(objects, "Deployment", "reporting")["spec"]!["template"]!["spec"]!["containers"]), c => Str(c!["name"]) == "reporting")!;
        Assert.Equal("reporting-client", SecretOf(reporting, "Auth__Client__Secret"));
    }

    [Fact]
    public async Task Each_service_broker_user_has_the_permissions_deploy_local_gives_it()
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).File("rabbitmq-users/users.yaml");
        var local = LocalPermissions();
        var onTheBus = ServiceCatalog.WebServices.Where(s => s.GrpcPort is not null).Select(s => s.Name).ToList();
        Assert.Equal(onTheBus.Order(), OfKind(objects, "User").Select(Name).Order());
        foreach (var service in onTheBus)
        {
            var user = Single(objects, "User", service)["spec"]!;
            Assert.Equal($"{service}-rabbitmq", Str(user["importCredentialsSecret"]!["name"]));
            var permission = Single(objects, "Permission", service)["spec"]!;
            Assert.Equal(service, Str(permission["userReference"]!["name"]));
            Assert.Equal("/", Str(permission["vhost"]));
            foreach (var kind in new[] { "configure", "write", "read" })
                Assert.Equal(local[kind].Replace("$user", service), Str(permission["permissions"]![kind]));
        }
        // What that means: budget may publish its own events and not goals'.
        var budgetWrite = new Regex(Str(Single(objects, "Permission", "budget")["spec"]!["permissions"]!["write"]));
        Assert.Matches(budgetWrite, "region.budget:BudgetFrameAdjusted");
        Assert.DoesNotMatch(budgetWrite, "region.goals:GoalCreated");
    }

    /// The permission patterns deploy/local/rabbitmq writes into its definitions file, as RabbitMQ
    /// reads them (bash quoting and JSON escaping undone), with $user for the service.
    static Dictionary<string, string> LocalPermissions()
    {
        var script = File.ReadAllLines(Path.Combine(ServiceCatalog.Root, "deploy", "local", "rabbitmq"));
        var start = Array.FindIndex(script, l => l.Contains("\"configure\": \"%s\", \"write\": \"%s\", \"read\": \"%s\""));
        Assert.True(start >= 0, "deploy/local/rabbitmq writes no permissions");
        var patterns = script.Skip(start + 1).Take(3)
            .Select(l => Quoted().Match(l).Groups["pattern"].Value.Replace(@"\\\\", @"\").Replace(@"\$", "$"))
            .ToList();
        return new() { ["configure"] = patterns[0], ["write"] = patterns[1], ["read"] = patterns[2] };
    }

    static IEnumerable<JsonNode> Containers(JsonNode deployment)
    {
        var pod = deployment["spec"]!["template"]!["spec"]!;
        return Items(pod["initContainers"]).Concat(Items(pod["containers"])).Select(c => c!);
    }

    static string SecretOf(JsonNode container, string env) =>
        Str(Assert.Single(Items(container["env"]), e => Str(e!["name"]) == env)!["valueFrom"]?["secretKeyRef"]?["name"]);

    [GeneratedRegex("password|secret|username|token|credential|apikey", RegexOptions.IgnoreCase)]
    private static partial Regex Credential();

    /// password=<value> in a connection string; variable is set when the value is $(VARIABLE).
    [GeneratedRegex(@"password=(\$\((?<variable>[A-Za-z_]+)\)|[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInValue();

    [GeneratedRegex("\"(?<pattern>\\^\\(.*\\)\\\\\\$)\"")]
    private static partial Regex Quoted();
}
