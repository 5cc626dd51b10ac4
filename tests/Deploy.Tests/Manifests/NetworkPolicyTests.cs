using System.Text.Json.Nodes;
using static Region.Deploy.Tests.Manifests.ManifestJson;

namespace Region.Deploy.Tests.Manifests;

/// The NetworkPolicies of deploy/k8s, read from the rendered manifests: each service's pods deny
/// by default, no rule lets in or out "everything", and the sidecar port is open to exactly the
/// callers Dapr's access control names (and reporting reaches exactly its sources).
public sealed class NetworkPolicyTests
{
    public static TheoryData<string> Kustomizations => new() { "base", "overlays/local" };

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Every_service_has_a_NetworkPolicy_of_its_own_for_ingress_and_egress(string kustomization)
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).Rendered(kustomization);
        foreach (var service in ServiceCatalog.WebServices)
        {
            var policy = Single(objects, "NetworkPolicy", service.Name);
            Assert.True(Selects(policy["spec"]!["podSelector"], PodLabels(Single(objects, "Deployment", service.Name))),
                $"NetworkPolicy {service} does not select the pods of Deployment {service}");
            Assert.Equal(["Egress", "Ingress"], Items(policy["spec"]!["policyTypes"]).Select(Str).Order());
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task No_NetworkPolicy_allows_every_peer_or_every_port(string kustomization)
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).Rendered(kustomization);
        var widened = new List<string>();
        foreach (var policy in OfKind(objects, "NetworkPolicy"))
        {
            var spec = policy["spec"]!;
            if (IsEmpty(spec["podSelector"]))
                widened.Add($"{Name(policy)}: selects every pod");
            foreach (var (direction, peers) in new[] { ("ingress", "from"), ("egress", "to") })
            {
                foreach (var rule in Items(spec[direction]))
                {
                    var where = $"{Name(policy)} {direction}";
                    if (Items(rule![peers]).Count == 0) widened.Add($"{where}: a rule without '{peers}' (every peer)");
                    if (Items(rule["ports"]).Count == 0) widened.Add($"{where}: a rule without ports (every port)");
                    foreach (var peer in Items(rule[peers]))
                    {
                        if (peer!["ipBlock"] is { } block)
                        {
                            if (Str(block["cidr"]) is "0.0.0.0/0" or "::/0") widened.Add($"{where}: ipBlock {Str(block["cidr"])}");
                        }
                        else if (IsEmpty(peer["podSelector"]) && IsEmpty(peer["namespaceSelector"]))
                            widened.Add($"{where}: a peer selecting every pod of {(peer["namespaceSelector"] is null ? "the namespace" : "every namespace")}");
                        else if (peer["namespaceSelector"] is { } namespaces && IsEmpty(namespaces))
                            widened.Add($"{where}: a peer in every namespace");
                    }
                }
            }
        }
        Assert.Empty(widened);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Only_the_intended_callers_reach_a_service_sidecar_and_nothing_reaches_its_gRPC_port(string kustomization)
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).Rendered(kustomization);
        foreach (var service in ServiceCatalog.WebServices)
        {
            var rules = RulesFor(objects, service.Name, "ingress").ToList();
            var callers = rules.Where(r => Opens(r, Invocation.SidecarPort)).SelectMany(r => Peers(objects, r, "from")).ToHashSet();
            Assert.Equal(Invocation.Callers[service.Name].Keys.Order(), callers.Order());
            if (service.GrpcPort is { } grpc)
                Assert.DoesNotContain(rules, r => Opens(r, grpc));
            // Besides the sidecar: Prometheus on the HTTP port and the sidecar's metrics; identity
            // also serves OpenID Connect on its HTTP port to the ingress and the services.
            var others = rules.SelectMany(r => Items(r["ports"]).Select(p => p!["port"]!.GetValue<int>())).Except([Invocation.SidecarPort]);
            Assert.All(others, port => Assert.Contains(port, new[] { service.HttpPort, 9090 }));
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task A_service_reaches_the_sidecars_of_exactly_the_services_it_may_invoke(string kustomization)
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).Rendered(kustomization);
        foreach (var service in ServiceCatalog.WebServices)
        {
            var callees = RulesFor(objects, service.Name, "egress")
                .Where(r => Opens(r, Invocation.SidecarPort))
                .SelectMany(r => Peers(objects, r, "to"))
                .ToHashSet();
            Assert.Equal(Invocation.Callees(service.Name).Order(), callees.Order());
        }
    }

    /// The rules of one direction of every NetworkPolicy that selects the service's pods.
    static IEnumerable<JsonNode> RulesFor(IReadOnlyList<JsonObject> objects, string service, string direction)
    {
        var labels = PodLabels(Single(objects, "Deployment", service));
        return OfKind(objects, "NetworkPolicy")
            .Where(p => Selects(p["spec"]!["podSelector"], labels))
            .SelectMany(p => Items(p["spec"]![direction]))
            .Select(r => r!);
    }

    static bool Opens(JsonNode rule, int port) => Items(rule["ports"]).Any(p => p!["port"]!.GetValue<int>() == port);

    /// The Dapr app ids a rule's peers stand for: pods of this namespace are the Deployments they
    /// select (by their dapr.io/app-id); in another namespace only the ingress is known.
    static IEnumerable<string> Peers(IReadOnlyList<JsonObject> objects, JsonNode rule, string peers)
    {
        foreach (var peer in Items(rule[peers]))
        {
            if (peer!["namespaceSelector"] is { } namespaces)
            {
                Assert.Equal(Invocation.IngressNamespace, Str(namespaces["matchLabels"]?["kubernetes.io/metadata.name"]));
                Assert.Equal(Invocation.Ingress, Str(peer["podSelector"]?["matchLabels"]?["dapr.io/app-id"]));
                yield return Invocation.Ingress;
                continue;
            }
            Assert.True(peer["ipBlock"] is null, "an ipBlock peer on the sidecar port");
            var selected = OfKind(objects, "Deployment").Where(d => Selects(peer["podSelector"], PodLabels(d))).ToList();
            Assert.True(selected.Count > 0, $"a peer that selects no Deployment: {peer.ToJsonString()}");
            foreach (var deployment in selected)
                yield return Str(deployment["spec"]!["template"]!["metadata"]!["annotations"]?["dapr.io/app-id"]);
        }
    }
}
