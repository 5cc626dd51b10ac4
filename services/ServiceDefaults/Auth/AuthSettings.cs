namespace Region.ServiceDefaults.Auth;

/// The `Auth` section: which authority's tokens a service trusts, what they must say, and which
/// claims carry the tenant, roles, unit scope and name (another IdP may use other names).
public sealed class AuthSettings
{
    public const string Section = "Auth";

    /// The issuer URL; its discovery document (`.well-known/openid-configuration`) and JWKS are read from there.
    public string? Authority { get; set; }

    /// The `aud` every token must carry.
    public string Audience { get; set; } = "region-api";

    /// False only for a local authority on plain HTTP (deploy/local, tests).
    public bool RequireHttpsMetadata { get; set; } = true;

    /// How far the clocks of the authority and the service may disagree on a token's lifetime.
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public ClaimNames Claims { get; set; } = new();

    /// This service's own client, for its calls to other services (reporting's rebuild).
    public ClientCredentials Client { get; set; } = new();
}

/// The claim types the caller is read from.
public sealed class ClaimNames
{
    /// Always `sub` (RFC 7519): the stable id of a person or system.
    public const string Subject = "sub";

    public string Tenant { get; set; } = "tenant";
    public string Role { get; set; } = "role";
    public string UnitScope { get; set; } = "unit_scope";
    public string Name { get; set; } = "name";
}

/// A confidential client of the authority (client credentials grant).
public sealed class ClientCredentials
{
    public string? Id { get; set; }
    public string? Secret { get; set; }
}
