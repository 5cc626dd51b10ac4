using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Region.Deploy.Tests.Manifests;

/// What deploy/k8s/validate/validate.mjs made of a folder of manifests: the files it parsed, each
/// kustomization rendered to plain objects, each manifest file's objects as written, and every
/// parse, render or schema error.
public sealed record KubernetesManifests(
    IReadOnlyList<string> Files,
    IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> Kustomizations,
    IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> Manifests,
    IReadOnlyList<string> Errors)
{
    static readonly string ValidatorDir = Path.Combine(ServiceCatalog.Root, "deploy", "k8s", "validate");
    static readonly SemaphoreSlim Install = new(1, 1);

    static readonly Lazy<Task<KubernetesManifests>> Repository = new(() => RenderAsync(Path.Combine(ServiceCatalog.Root, "deploy", "k8s")));

    /// deploy/k8s, rendered once per test run.
    public static Task<KubernetesManifests> RepositoryAsync() => Repository.Value;

    public IReadOnlyList<JsonObject> Rendered(string kustomization) =>
        Kustomizations.TryGetValue(kustomization, out var objects)
            ? objects
            : throw new Xunit.Sdk.XunitException($"No kustomization {kustomization}; found {string.Join(", ", Kustomizations.Keys)}");

    /// The objects of one manifest file (relative to deploy/k8s), as written.
    public IReadOnlyList<JsonObject> File(string path) =>
        Manifests.TryGetValue(path, out var objects)
            ? objects
            : throw new Xunit.Sdk.XunitException($"No manifest {path}; found {string.Join(", ", Manifests.Keys)}");

    public static async Task<KubernetesManifests> RenderAsync(string folder)
    {
        await EnsureValidatorInstalledAsync();
        var (exitCode, stdout, stderr) = await RunAsync("node", ValidatorDir, Path.Combine(ValidatorDir, "validate.mjs"), folder);
        if (stdout.Length == 0)
            throw new InvalidOperationException($"validate.mjs printed nothing (exit {exitCode}): {stderr}");
        var json = JsonNode.Parse(stdout)!.AsObject();
        var errors = json["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        if ((exitCode == 0) != (errors.Count == 0))
            throw new InvalidOperationException($"validate.mjs exited {exitCode} with {errors.Count} errors: {stderr}");
        return new KubernetesManifests(
            json["files"]!.AsArray().Select(f => f!.GetValue<string>()).ToList(),
            Objects(json["kustomizations"]!),
            Objects(json["manifests"]!),
            errors);
    }

    static IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> Objects(JsonNode byName) =>
        byName.AsObject().ToDictionary(
            k => k.Key,
            k => (IReadOnlyList<JsonObject>)k.Value!.AsArray().Select(o => o!.AsObject()).ToList());

    // The npm packages (kubernetes-models, yaml) are locked in package-lock.json; .ci/run installs
    // them, and a developer's first test run does the same.
    static async Task EnsureValidatorInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(ValidatorDir, "node_modules", "kubernetes-models")))
                return;
            var (exitCode, stdout, stderr) = await RunAsync("npm", ValidatorDir, "ci", "--no-audit", "--no-fund");
            if (exitCode != 0)
                throw new InvalidOperationException($"npm ci in deploy/k8s/validate failed ({exitCode}):\n{stdout}\n{stderr}");
        }
        finally
        {
            Install.Release();
        }
    }

    static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
