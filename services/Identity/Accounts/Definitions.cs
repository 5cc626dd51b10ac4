namespace Region.Identity.Accounts;

/// What a client may do; each one brings the endpoint and grant permissions it needs.
public enum ClientGrant
{
    ClientCredentials,
    DeviceCode,
    AuthorizationCode,
    RefreshToken,
}

/// A person as the seed file (or a test) describes them, password in clear until it is hashed.
public sealed record UserDefinition
{
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public required string Password { get; init; }
    public IReadOnlyList<string> Tenants { get; init; } = [];
    public IReadOnlyList<string> Roles { get; init; } = [];
    public string? UnitScope { get; init; }
    public bool Disabled { get; init; }
}

/// A client application: confidential when it has a secret (client credentials), public otherwise
/// (regionctl's device flow, a web front end's code + PKCE). Tenants, roles and unit scope are the
/// claims of tokens it gets for itself (client credentials); people's tokens carry their own.
public sealed record ClientDefinition
{
    public required string ClientId { get; init; }
    public required string DisplayName { get; init; }
    public string? Secret { get; init; }
    public IReadOnlyList<ClientGrant> Grants { get; init; } = [];
    public IReadOnlyList<Uri> RedirectUris { get; init; } = [];
    public IReadOnlyList<Uri> PostLogoutRedirectUris { get; init; } = [];
    public IReadOnlyList<string> Tenants { get; init; } = [];
    public IReadOnlyList<string> Roles { get; init; } = [];
    public string? UnitScope { get; init; }
}
