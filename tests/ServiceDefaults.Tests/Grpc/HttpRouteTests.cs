using System.Text.RegularExpressions;
using Google.Api;
using Region.ServiceDefaults.Auth;
using Xunit;

namespace Region.ServiceDefaults.Tests.Grpc;

/// The HTTP/JSON routes of the protos follow one convention: a custom method is `:camelCase`
/// (Google AIP-136), e.g. `/v1/admin:announceSnapshot`, never `:announce-snapshot`.
public sealed partial class HttpRouteTests
{
    [GeneratedRegex("^[a-z][a-zA-Z]*$")]
    private static partial Regex CamelCase();

    [Fact]
    public void Every_custom_method_in_a_route_is_camel_case()
    {
        var routes = RpcAccess.Methods
            .Select(m => (Rpc: RpcAccess.Path(m), Rule: m.GetOptions()?.GetExtension(AnnotationsExtensions.Http)))
            .Where(x => x.Rule is not null)
            .Select(x => (x.Rpc, Path: x.Rule!.Post is { Length: > 0 } post ? post : x.Rule.Get))
            .ToList();
        Assert.True(routes.Count > 40, $"Only {routes.Count} routes found.");

        var wrong = routes.Where(r => r.Path.LastIndexOf(':') is var colon and >= 0 && !CamelCase().IsMatch(r.Path[(colon + 1)..]))
            .Select(r => $"{r.Rpc}: {r.Path}").ToList();
        Assert.True(wrong.Count == 0, "Not :camelCase: " + string.Join(", ", wrong));
    }

    [Fact]
    public void Every_service_announces_its_snapshot_at_the_same_admin_route()
    {
        var snapshots = RpcAccess.Methods.Where(m => m.Name == "AnnounceSnapshot")
            .Select(m => m.GetOptions()?.GetExtension(AnnotationsExtensions.Http)?.Post).Distinct().ToList();
        Assert.Equal(["/v1/admin:announceSnapshot"], snapshots);
    }
}
