using System.Text.Json.Nodes;
using static Region.Deploy.Tests.Manifests.ManifestJson;

namespace Region.Deploy.Tests.Manifests;

/// deploy/k8s validated offline: every YAML parses, both kustomizations render and match the
/// Kubernetes schemas, and every web service in services/ is deployed the way operations needs it.
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> Kustomizations => new() { "base", "overlays/local" };

    [Fact]
    public async Task Every_manifest_parses_renders_and_matches_the_Kubernetes_schemas()
    {
        var manifests = await KubernetesManifests.RepositoryAsync();
        Assert.Empty(manifests.Errors);
        Assert.Contains("base/kustomization.yaml", manifests.Files);
        Assert.Contains("overlays/local/kustomization.yaml", manifests.Files);
        Assert.Equal(["base", "overlays/local"], manifests.Kustomizations.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_validator_reports_schema_errors_and_patches_without_a_target()
    {
        var broken = await KubernetesManifests.RenderAsync(Path.Combine(ServiceCatalog.Root, "tests", "Deploy.Tests", "Fixtures", "broken-k8s"));
        Assert.Contains(broken.Errors, e => e.Contains("Deployment/broken") && e.Contains("replicas must be integer"));
        Assert.Contains(broken.Errors, e => e.Contains("no ConfigMap/not-in-the-kustomization to patch"));
        // Custom resources (no Kubernetes schema here) are checked field by field.
        Assert.Contains(broken.Errors, e => e.Contains("Configuration/broken.spec.accessControl.policies[0].defaultActoin: unknown field"));
        Assert.Contains(broken.Errors, e => e.Contains("operations[0].action: must be one of allow, deny"));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Every_web_service_has_a_Deployment_with_probes_Dapr_and_a_locked_down_pod(string kustomization)
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).Rendered(kustomization);
        Assert.NotEmpty(ServiceCatalog.WebServices);
        foreach (var service in ServiceCatalog.WebServices)
        {
            var deployment = Single(objects, "Deployment", service.Name);
            var template = deployment["spec"]!["template"]!;
            var annotations = template["metadata"]!["annotations"]!.AsObject();
            Assert.Equal("true", Str(annotations["dapr.io/enabled"]));
            Assert.Equal(service.Name, Str(annotations["dapr.io/app-id"]));
            Assert.Equal(service.AppPort.Port.ToString(), Str(annotations["dapr.io/app-port"]));
            Assert.Equal(service.AppPort.Protocol, Str(annotations["dapr.io/app-protocol"]));

            var pod = template["spec"]!;
            Assert.True(Bool(pod["securityContext"]?["runAsNonRoot"]), $"{service}: runAsNonRoot");
            var app = Assert.Single(pod["containers"]!.AsArray(), c => Str(c!["name"]) == service.Name)!;
            if (service.GrpcPort is { } grpc) Assert.Equal(grpc, Port(app, "grpc"));
            else Assert.DoesNotContain(app["ports"]!.AsArray(), p => Str(p!["name"]) == "grpc");
            Assert.Equal(service.HttpPort, Port(app, "http"));
            AssertProbe(app["livenessProbe"], "/healthz", service);
            AssertProbe(app["readinessProbe"], "/readyz", service);
            AssertLockedDown(app, pod, service);

            var migrate = Assert.Single(pod["initContainers"]!.AsArray(), c => Str(c!["name"]) == "migrate")!;
            Assert.Equal(Str(app["image"]), Str(migrate["image"]));
            Assert.Equal("true", Env(migrate, "Migrations__Only"));
            Assert.Equal(Env(app, "ConnectionStrings__Database"), Env(migrate, "ConnectionStrings__Database"));
            AssertLockedDown(migrate, pod, service);

            var config = Single(objects, "ConfigMap", $"{service.Name}-config")["data"]!;
            Assert.Equal(service.GrpcPort?.ToString() ?? "", Str(config["Ports__Grpc"]));
            Assert.Equal(service.HttpPort.ToString(), Str(config["Ports__Http"]));
            Assert.Equal(service.Database, Str(config["DATABASE_NAME"]));
            Assert.Contains("$(DATABASE_PASSWORD)", Env(app, "ConnectionStrings__Database"));

            // The HTTP port only: the gRPC port listens on loopback, where only the Dapr sidecar reaches it.
            var ports = Single(objects, "Service", service.Name)["spec"]!["ports"]!.AsArray();
            Assert.Equal([service.HttpPort], ports.Select(p => p!["port"]!.GetValue<int>()));
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Every_service_Deployment_is_a_web_service_of_the_repository(string kustomization)
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).Rendered(kustomization);
        var services = ServiceCatalog.WebServices.Select(s => s.Name).ToHashSet();
        var deployed = objects
            .Where(o => Str(o["kind"]) == "Deployment" && Str(o["metadata"]!["labels"]?["app.kubernetes.io/component"]) == "service")
            .Select(o => Str(o["metadata"]!["name"]))
            .ToList();
        Assert.NotEmpty(deployed);
        // Arriving: described ahead of the project (see ServiceCatalog.Arriving).
        Assert.All(deployed, name => Assert.True(services.Contains(name) || ServiceCatalog.Arriving.Contains(name),
            $"Deployment {name} has no web service in services/"));
    }

    [Fact]
    public async Task The_local_overlay_provides_every_ConfigMap_Secret_and_key_the_pods_read()
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).Rendered("overlays/local");
        var missing = new List<string>();
        foreach (var deployment in objects.Where(o => Str(o["kind"]) == "Deployment"))
        {
            var name = Str(deployment["metadata"]!["name"]);
            var pod = deployment["spec"]!["template"]!["spec"]!;
            var containers = (pod["initContainers"]?.AsArray() ?? []).Concat(pod["containers"]!.AsArray());
            foreach (var container in containers)
            {
                foreach (var from in container!["envFrom"]?.AsArray() ?? [])
                {
                    var map = Str(from!["configMapRef"]?["name"]);
                    if (objects.All(o => !(Str(o["kind"]) == "ConfigMap" && Str(o["metadata"]!["name"]) == map)))
                        missing.Add($"{name}: ConfigMap {map}");
                }
                foreach (var env in container["env"]?.AsArray() ?? [])
                {
                    if (env!["valueFrom"]?["secretKeyRef"] is not { } secretRef)
                        continue;
                    var secret = objects.FirstOrDefault(o => Str(o["kind"]) == "Secret" && Str(o["metadata"]!["name"]) == Str(secretRef["name"]));
                    if (secret?["data"]?[Str(secretRef["key"])] is null)
                        missing.Add($"{name}: Secret {Str(secretRef["name"])} key {Str(secretRef["key"])}");
                }
            }
        }
        Assert.Empty(missing);
        Assert.All(objects.Where(o => Str(o["kind"]) != "Namespace"), o => Assert.Equal("region", Str(o["metadata"]!["namespace"])));
    }

    [Fact]
    public async Task Services_reach_the_infrastructure_through_the_named_Services()
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).Rendered("base");
        var shared = Single(objects, "ConfigMap", "region-infrastructure")["data"]!;
        var postgres = Single(objects, "Service", "postgres")["spec"]!;
        var rabbitmq = Single(objects, "Service", "rabbitmq")["spec"]!;
        Assert.Equal("ExternalName", Str(postgres["type"]));
        Assert.Equal("ExternalName", Str(rabbitmq["type"]));
        Assert.Equal("postgres", Str(shared["DATABASE_HOST"]));
        Assert.Equal(postgres["ports"]![0]!["port"]!.GetValue<int>().ToString(), Str(shared["DATABASE_PORT"]));
        var broker = new Uri(Str(shared["RabbitMq__Uri"]));
        Assert.Equal(("rabbitmq", rabbitmq["ports"]![0]!["port"]!.GetValue<int>()), (broker.Host, broker.Port));
        Assert.Equal("0.0.0.0", Str(shared["Service__ListenAddress"]));
        Assert.Equal("false", Str(shared["Migrations__OnStartup"]));
    }

    static void AssertProbe(JsonNode? probe, string path, WebService service)
    {
        Assert.True(probe is not null, $"{service}: no probe for {path}");
        var get = probe["httpGet"]!;
        Assert.Equal(path, Str(get["path"]));
        var port = get["port"]!;
        Assert.True(Str(port) == "http" || port.ToString() == service.HttpPort.ToString(), $"{service}: {path} probe is not on the HTTP port");
    }

    static void AssertLockedDown(JsonNode container, JsonNode pod, WebService service)
    {
        var name = $"{service}/{Str(container["name"])}";
        var security = container["securityContext"];
        Assert.True(Bool(security?["readOnlyRootFilesystem"]), $"{name}: readOnlyRootFilesystem");
        Assert.False(Bool(security?["allowPrivilegeEscalation"] ?? true), $"{name}: allowPrivilegeEscalation");
        var resources = container["resources"]!;
        foreach (var kind in new[] { "requests", "limits" })
        foreach (var resource in new[] { "cpu", "memory" })
            Assert.True(resources[kind]?[resource] is not null, $"{name}: no {kind}.{resource}");
        var tmp = Assert.Single(container["volumeMounts"]!.AsArray(), m => Str(m!["mountPath"]) == "/tmp")!;
        var volume = Assert.Single(pod["volumes"]!.AsArray(), v => Str(v!["name"]) == Str(tmp["name"]))!;
        Assert.True(volume["emptyDir"] is not null, $"{name}: /tmp is not an emptyDir");
    }

    static int Port(JsonNode container, string name) =>
        Assert.Single(container["ports"]!.AsArray(), p => Str(p!["name"]) == name)!["containerPort"]!.GetValue<int>();

    static string Env(JsonNode container, string name) =>
        Str(Assert.Single(container["env"]!.AsArray(), e => Str(e!["name"]) == name)!["value"]);
}
