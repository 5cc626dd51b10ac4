using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Region.Identity.Accounts;

/// The users and clients of a YAML file (Identity:SeedFile; demo-data/identity.yaml for the demo),
/// upserted at start-up: running it again changes nothing, and what the file does not name is kept.
public static partial class SeedFile
{
    public static async Task SeedAsync(IServiceProvider services, string path, ILogger logger, CancellationToken ct = default)
    {
        var (users, clients, skipped) = Read(path);
        await using var scope = services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        var catalog = scope.ServiceProvider.GetRequiredService<ClientCatalog>();
        var db = scope.ServiceProvider.GetRequiredService<Data.IdentityDb>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Replicas seeding at once take turns instead of inserting the same user twice.
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7306545226145622092)", ct);
        var changed = 0;
        foreach (var user in users)
            if (await directory.UpsertAsync(user, ct)) changed++;
        foreach (var client in clients)
            if (await catalog.UpsertAsync(client, ct)) changed++;
        await transaction.CommitAsync(ct);
        foreach (var client in skipped)
            logger.LogWarning("Client {ClientId} left out: its secret_file does not exist yet", client);
        // Names and counts only: the file holds passwords and secrets.
        logger.LogInformation("Seeded {File}: {Users} users, {Clients} clients, {Changed} created or changed",
            Path.GetFileName(path), users.Count, clients.Count, changed);
    }

    /// The file's users and clients, or every problem in it at once. A client's `secret_file` is
    /// read relative to the YAML file; a client whose secret file does not exist yet is left out.
    public static SeedContent Read(string path)
    {
        var file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
            .Deserialize<SeedYaml>(File.ReadAllText(path)) ?? new SeedYaml();
        var problems = new List<string>();
        var users = file.Users.Select((u, i) => User(u, $"users[{i}]", problems)).ToList();
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var skipped = new List<string>();
        var clients = file.Clients.Select((c, i) => Client(c, $"clients[{i}]", folder, problems, skipped)).OfType<ClientDefinition>().ToList();
        foreach (var name in users.GroupBy(u => u.UserName).Where(g => g.Count() > 1).Select(g => g.Key))
            problems.Add($"users: '{name}' appears more than once.");
        foreach (var id in clients.GroupBy(c => c.ClientId).Where(g => g.Count() > 1).Select(g => g.Key))
            problems.Add($"clients: '{id}' appears more than once.");
        if (problems.Count > 0)
            throw new InvalidDataException($"{path}:\n  {string.Join("\n  ", problems)}");
        return new SeedContent(users, clients, skipped);
    }

    private static UserDefinition User(UserYaml u, string at, List<string> problems)
    {
        Name(u.UserName, $"{at}.user_name", problems);
        if (string.IsNullOrWhiteSpace(u.DisplayName)) problems.Add($"{at}.display_name: required.");
        if (string.IsNullOrEmpty(u.Password) || u.Password.Length < 8) problems.Add($"{at}.password: at least 8 characters.");
        Claims(u.Tenants, u.Roles, u.UnitScope, at, problems, RegionClaims.Roles);
        return new UserDefinition
        {
            UserName = UserDirectory.Normalize(u.UserName ?? ""),
            DisplayName = u.DisplayName?.Trim() ?? "",
            Password = u.Password ?? "",
            Tenants = u.Tenants,
            Roles = u.Roles,
            UnitScope = u.UnitScope,
            Disabled = u.Disabled,
        };
    }

    private static ClientDefinition? Client(ClientYaml c, string at, string folder, List<string> problems, List<string> skipped)
    {
        Name(c.ClientId, $"{at}.client_id", problems);
        var grants = new List<ClientGrant>();
        foreach (var grant in c.Grants)
        {
            if (Enum.TryParse<ClientGrant>(grant.Replace("_", ""), ignoreCase: true, out var g)) grants.Add(g);
            else problems.Add($"{at}.grants: '{grant}' is not one of client_credentials, device_code, authorization_code, refresh_token.");
        }
        var secret = c.Secret;
        if (c.SecretFile is { Length: > 0 } secretFile)
        {
            var full = Path.Combine(folder, secretFile);
            if (!File.Exists(full))
            {
                skipped.Add(c.ClientId ?? at); // made by whoever deploys it (deploy/local/start for the demo)
                return null;
            }
            secret = File.ReadAllText(full).Trim();
        }
        if (grants.Contains(ClientGrant.ClientCredentials) && string.IsNullOrEmpty(secret))
            problems.Add($"{at}: client_credentials needs a secret or secret_file.");
        if (grants.Contains(ClientGrant.ClientCredentials))
            Claims(c.Tenants, c.Roles, c.UnitScope, at, problems, [.. RegionClaims.Roles, .. RegionClaims.ClientRoles]);
        var redirects = Uris(c.RedirectUris, $"{at}.redirect_uris", problems);
        if (grants.Contains(ClientGrant.AuthorizationCode) && redirects.Count == 0)
            problems.Add($"{at}.redirect_uris: authorization_code needs at least one.");
        return new ClientDefinition
        {
            ClientId = c.ClientId ?? "",
            DisplayName = c.DisplayName ?? c.ClientId ?? "",
            Secret = string.IsNullOrEmpty(secret) ? null : secret,
            Grants = grants,
            RedirectUris = redirects,
            PostLogoutRedirectUris = Uris(c.PostLogoutRedirectUris, $"{at}.post_logout_redirect_uris", problems),
            Tenants = c.Tenants,
            Roles = c.Roles,
            UnitScope = c.UnitScope,
        };
    }

    private static void Claims(List<string> tenants, List<string> roles, string? unitScope, string at, List<string> problems, IReadOnlyList<string> allowedRoles)
    {
        if (tenants.Count == 0) problems.Add($"{at}.tenants: at least one.");
        foreach (var tenant in tenants) Name(tenant, $"{at}.tenants", problems);
        foreach (var role in roles.Where(r => !allowedRoles.Contains(r)))
            problems.Add($"{at}.roles: '{role}' is not one of {string.Join(", ", allowedRoles)}.");
        if (unitScope is not null && !UnitCode().IsMatch(unitScope)) problems.Add($"{at}.unit_scope: '{unitScope}' is not a unit code.");
    }

    private static void Name(string? name, string at, List<string> problems)
    {
        if (name is null || !NamePattern().IsMatch(name)) problems.Add($"{at}: '{name}' must be 1-64 of a-z, 0-9, '.', '_', '-'.");
    }

    private static List<Uri> Uris(List<string> texts, string at, List<string> problems)
    {
        var uris = new List<Uri>();
        foreach (var text in texts)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri)) uris.Add(uri);
            else problems.Add($"{at}: '{text}' is not an absolute URI.");
        }
        return uris;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9_-]{0,63}$")]
    private static partial Regex UnitCode();

    private sealed class SeedYaml
    {
        public List<UserYaml> Users { get; set; } = [];
        public List<ClientYaml> Clients { get; set; } = [];
    }

    private sealed class UserYaml
    {
        public string? UserName { get; set; }
        public string? DisplayName { get; set; }
        public string? Password { get; set; }
        public List<string> Tenants { get; set; } = [];
        public List<string> Roles { get; set; } = [];
        public string? UnitScope { get; set; }
        public bool Disabled { get; set; }
    }

    private sealed class ClientYaml
    {
        public string? ClientId { get; set; }
        public string? DisplayName { get; set; }
        public string? Secret { get; set; }
        public string? SecretFile { get; set; }
        public List<string> Grants { get; set; } = [];
        public List<string> RedirectUris { get; set; } = [];
        public List<string> PostLogoutRedirectUris { get; set; } = [];
        public List<string> Tenants { get; set; } = [];
        public List<string> Roles { get; set; } = [];
        public string? UnitScope { get; set; }
    }
}

/// What a seed file holds; Skipped names the clients whose secret file does not exist yet.
public sealed record SeedContent(IReadOnlyList<UserDefinition> Users, IReadOnlyList<ClientDefinition> Clients, IReadOnlyList<string> Skipped);
