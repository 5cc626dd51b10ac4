using System.Text.Json.Nodes;

namespace Region.Deploy.Tests.Manifests;

/// Reading rendered Kubernetes objects: fields by name, objects by kind and name, label selectors.
static class ManifestJson
{
    public static string Str(JsonNode? node) => node?.GetValue<string>() ?? "";

    public static bool Bool(JsonNode? node) => node?.GetValue<bool>() ?? false;

    public static JsonArray Items(JsonNode? node) => node?.AsArray() ?? [];

    public static string Kind(JsonNode o) => Str(o["kind"]);

    public static string Name(JsonNode o) => Str(o["metadata"]!["name"]);

    public static IEnumerable<JsonObject> OfKind(IEnumerable<JsonObject> objects, string kind) =>
        objects.Where(o => Kind(o) == kind);

    public static JsonObject Single(IReadOnlyList<JsonObject> objects, string kind, string name) =>
        Assert.Single(objects, o => Kind(o) == kind && Name(o) == name);

    /// The labels of a Deployment's pods.
    public static JsonObject PodLabels(JsonObject deployment) =>
        deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

    /// Whether a label selector (matchLabels, matchExpressions) selects these labels, as Kubernetes
    /// decides it; an empty selector selects everything.
    public static bool Selects(JsonNode? selector, JsonObject labels)
    {
        string? Label(string key) => labels[key] is { } value ? Str(value) : null;
        foreach (var (key, value) in selector?["matchLabels"]?.AsObject() ?? [])
            if (Label(key) != Str(value))
                return false;
        foreach (var expression in Items(selector?["matchExpressions"]))
        {
            var label = Label(Str(expression!["key"]));
            var values = Items(expression["values"]).Select(Str).ToList();
            var holds = Str(expression["operator"]) switch
            {
                "In" => label is not null && values.Contains(label),
                "NotIn" => label is null || !values.Contains(label),
                "Exists" => label is not null,
                "DoesNotExist" => label is null,
                var other => throw new InvalidDataException($"unknown selector operator {other}"),
            };
            if (!holds)
                return false;
        }
        return true;
    }

    public static bool IsEmpty(JsonNode? selector) =>
        selector is null || (!(selector["matchLabels"]?.AsObject().Count > 0) && !(selector["matchExpressions"]?.AsArray().Count > 0));
}
