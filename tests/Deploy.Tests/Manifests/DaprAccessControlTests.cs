using System.Text.Json.Nodes;
using static Region.Deploy.Tests.Manifests.ManifestJson;

namespace Region.Deploy.Tests.Manifests;

/// The Dapr access control of deploy/k8s, read from the rendered manifests: every service's
/// sidecar denies by default and lets in exactly the callers of Invocation.Callers, with mTLS on
/// in the control plane (without it no caller can be known, and the policies cannot work).
public sealed class DaprAccessControlTests
{
    public static TheoryData<string> Kustomizations => new() { "base", "overlays/local" };

    [Fact]
    public void The_caller_table_names_every_web_service()
    {
        Assert.Equal(ServiceCatalog.WebServices.Select(s => s.Name).Order(), Invocation.Callers.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Every_service_sidecar_allows_exactly_the_intended_callers(string kustomization)
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).Rendered(kustomization);
        foreach (var (service, callers) in Invocation.Callers)
        {
            var deployment = Single(objects, "Deployment", service);
            Assert.Equal(Invocation.Namespace, Str(deployment["metadata"]!["namespace"]));
            var annotations = deployment["spec"]!["template"]!["metadata"]!["annotations"]!;
            var configName = Str(annotations["dapr.io/config"]);
            Assert.True(configName.Length > 0, $"{service}: no dapr.io/config annotation");
            var config = Single(objects, "Configuration", configName);
            Assert.Equal("dapr.io/v1alpha1", Str(config["apiVersion"]));

            Assert.Equal(callers.OrderBy(c => c.Key), AllowedCallers(service, config["spec"]!["accessControl"]).OrderBy(c => c.Key));
        }
    }

    [Fact]
    public async Task Dapr_mTLS_is_on_in_the_control_plane_configuration()
    {
        var config = Assert.Single((await KubernetesManifests.RepositoryAsync()).File("dapr-system/configuration.yaml"));
        // Dapr reads mTLS from this one Configuration of its own namespace, never from an app's.
        Assert.Equal(("Configuration", "daprsystem", "dapr-system"), (Kind(config), Name(config), Str(config["metadata"]!["namespace"])));
        Assert.True(Bool(config["spec"]!["mtls"]!["enabled"]), "mTLS is off");
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task No_service_Configuration_pretends_to_set_mTLS(string kustomization)
    {
        var objects = (await KubernetesManifests.RepositoryAsync()).Rendered(kustomization);
        Assert.All(OfKind(objects, "Configuration"), c => Assert.Null(c["spec"]!["mtls"]));
    }

    /// What an access-control spec lets in: caller app id to the operations it may call (in order,
    /// separated by a space), or Every.
    /// Fails on a spec that does not deny by default or a policy the test cannot read as a plain
    /// allow, so nothing is let in without this test seeing it.
    static Dictionary<string, string> AllowedCallers(string service, JsonNode? accessControl)
    {
        Assert.True(accessControl is not null, $"{service}: no accessControl");
        Assert.Equal("deny", Str(accessControl["defaultAction"]));
        Assert.Equal("public", Str(accessControl["trustDomain"]));
        var allowed = new Dictionary<string, string>();
        foreach (var policy in Items(accessControl["policies"]))
        {
            var caller = Str(policy!["appId"]);
            var where = $"{service} <- {caller}";
            Assert.Equal("public", Str(policy["trustDomain"]));
            Assert.Equal(caller == Invocation.Ingress ? Invocation.IngressNamespace : Invocation.Namespace, Str(policy["namespace"]));
            var operations = Items(policy["operations"]);
            string? grant = Str(policy["defaultAction"]) switch
            {
                "allow" when operations.Count == 0 => Invocation.Every,
                "deny" or "" when operations.Count > 0 => string.Join(" ", operations.Select(o => Str(o!["name"])).Order(StringComparer.Ordinal)),
                var other => throw new Xunit.Sdk.XunitException($"{where}: defaultAction {other} with {operations.Count} operations; read them before allowing"),
            };
            if (grant != Invocation.Every)
            {
                Assert.All(operations, o => Assert.Equal("allow", Str(o!["action"])));
                Assert.DoesNotContain("*", grant);
            }
            Assert.True(allowed.TryAdd(caller, grant), $"{where}: two policies");
        }
        return allowed;
    }
}
