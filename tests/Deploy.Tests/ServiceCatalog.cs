using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Npgsql;
using Region.TestSupport;

namespace Region.Deploy.Tests;

/// One web service as the repository defines it: a services/X project on the Web SDK with a
/// Program.cs, and the ports and database its appsettings.json names. GrpcPort is null for a
/// service that speaks HTTP/1 only (identity: OpenID Connect, no gRPC API).
public sealed record WebService(string Name, string Project, int? GrpcPort, int HttpPort, string Database)
{
    /// The port Dapr forwards to and its protocol: gRPC where there is a gRPC port, HTTP otherwise.
    public (int Port, string Protocol) AppPort => GrpcPort is { } grpc ? (grpc, "grpc") : (HttpPort, "http");

    public override string ToString() => Name;
}

/// The services found in the repository itself, so the deployment checks follow the code as it
/// grows instead of a list kept by hand.
public static partial class ServiceCatalog
{
    /// Services that other branches are adding while tye.yaml and deploy/k8s already describe them.
    /// A description of one of these is accepted while its project does not exist yet; once the
    /// project lands it is checked like any other. Empty this list once they have all merged.
    public static readonly IReadOnlySet<string> Arriving = new HashSet<string>([]);

    static readonly Lazy<IReadOnlyList<WebService>> All = new(FindWebServices);

    /// Every services/*/ project on Microsoft.NET.Sdk.Web with a Program.cs.
    public static IReadOnlyList<WebService> WebServices => All.Value;

    public static string Root => TestInfra.RepoRoot;

    /// Project paths (relative, forward slashes) listed in RegionServices.sln.
    public static IReadOnlyList<string> SolutionProjects() =>
        SolutionProject().Matches(File.ReadAllText(Path.Combine(Root, "RegionServices.sln")))
            .Select(m => m.Groups["path"].Value.Replace('\\', '/'))
            .ToList();

    static List<WebService> FindWebServices()
    {
        var services = new List<WebService>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(Root, "services")).Order(StringComparer.Ordinal))
        {
            var project = Directory.GetFiles(dir, "*.csproj").SingleOrDefault();
            if (project is null || !File.Exists(Path.Combine(dir, "Program.cs")))
                continue;
            if ((string?)XDocument.Load(project).Root?.Attribute("Sdk") != "Microsoft.NET.Sdk.Web")
                continue;
            services.Add(Read(dir, project));
        }
        return services;
    }

    static WebService Read(string dir, string project)
    {
        var name = Path.GetFileName(dir).ToLowerInvariant();
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "appsettings.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = settings.RootElement;
        var ports = root.GetProperty("Ports");
        var connection = new NpgsqlConnectionStringBuilder(root.GetProperty("ConnectionStrings").GetProperty("Database").GetString());
        return new WebService(
            name,
            Path.GetRelativePath(Root, project).Replace('\\', '/'),
            ports.TryGetProperty("Grpc", out var grpc) ? grpc.GetInt32() : null,
            ports.GetProperty("Http").GetInt32(),
            connection.Database ?? throw new InvalidDataException($"{name}: the connection string names no database"));
    }

    [GeneratedRegex("""^Project\("\{[^}]+\}"\) = "[^"]+", "(?<path>[^"]+\.csproj)",""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();
}
