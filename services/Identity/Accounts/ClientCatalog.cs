using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Region.Identity.Accounts;

/// The client applications, stored by OpenIddict; a client's own claims (tenants, roles, unit
/// scope) ride along in the application's properties.
public sealed class ClientCatalog(IOpenIddictApplicationManager applications)
{
    private const string TenantsProperty = "tenants";
    private const string RolesProperty = "roles";
    private const string UnitScopeProperty = "unit_scope";

    /// Creates or updates the client; false when it already was exactly so (its secret included).
    public async Task<bool> UpsertAsync(ClientDefinition client, CancellationToken ct)
    {
        var application = await applications.FindByClientIdAsync(client.ClientId, ct);
        if (application is null)
        {
            await applications.CreateAsync(Describe(client, client.Secret), ct);
            return true;
        }
        var current = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(current, application, ct);
        // Keep the stored hash when the secret still matches: hashing again would change the row.
        var secret = client.Secret is not null && current.ClientSecret is not null
            && await applications.ValidateClientSecretAsync(application, client.Secret, ct)
            ? current.ClientSecret
            : client.Secret;
        var wanted = Describe(client, secret);
        if (Fingerprint(wanted) == Fingerprint(current)) return false;
        await applications.UpdateAsync(application, wanted, ct);
        return true;
    }

    /// The claims a client-credentials token carries for this client.
    public async Task<ClientClaims?> ClaimsOfAsync(string clientId, CancellationToken ct)
    {
        var application = await applications.FindByClientIdAsync(clientId, ct);
        if (application is null) return null;
        var properties = await applications.GetPropertiesAsync(application, ct);
        var name = await applications.GetDisplayNameAsync(application, ct) ?? clientId;
        return new ClientClaims(clientId, name, Strings(properties, TenantsProperty), Strings(properties, RolesProperty),
            properties.TryGetValue(UnitScopeProperty, out var scope) && scope.ValueKind == JsonValueKind.String ? scope.GetString() : null);
    }

    private static string[] Strings(IReadOnlyDictionary<string, JsonElement> properties, string name) =>
        properties.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(e => e.GetString()!)]
            : [];

    private static OpenIddictApplicationDescriptor Describe(ClientDefinition client, string? secret)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            DisplayName = client.DisplayName,
            ClientSecret = secret,
            ClientType = client.Secret is null ? ClientTypes.Public : ClientTypes.Confidential,
            ApplicationType = client.Secret is null ? ApplicationTypes.Native : ApplicationTypes.Web,
            // First-party clients: people confirm the device code, there is no third party to consent to.
            ConsentType = ConsentTypes.Implicit,
        };
        foreach (var grant in client.Grants)
            descriptor.Permissions.UnionWith(PermissionsFor(grant));
        if (client.Grants.Contains(ClientGrant.AuthorizationCode))
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        descriptor.RedirectUris.UnionWith(client.RedirectUris);
        descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris);
        descriptor.Properties[TenantsProperty] = JsonSerializer.SerializeToElement(client.Tenants);
        descriptor.Properties[RolesProperty] = JsonSerializer.SerializeToElement(client.Roles);
        if (client.UnitScope is not null)
            descriptor.Properties[UnitScopeProperty] = JsonSerializer.SerializeToElement(client.UnitScope);
        return descriptor;
    }

    private static string[] PermissionsFor(ClientGrant grant) => grant switch
    {
        ClientGrant.ClientCredentials => [Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials],
        ClientGrant.DeviceCode => [Permissions.Endpoints.DeviceAuthorization, Permissions.Endpoints.Token, Permissions.GrantTypes.DeviceCode],
        ClientGrant.AuthorizationCode => [Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
            Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code],
        ClientGrant.RefreshToken => [Permissions.Endpoints.Token, Permissions.GrantTypes.RefreshToken],
        _ => throw new ArgumentOutOfRangeException(nameof(grant), grant, null),
    };

    /// Everything the seed controls, in a stable order, to tell "already so" from "changed".
    private static string Fingerprint(OpenIddictApplicationDescriptor d) => JsonSerializer.Serialize(new
    {
        d.ClientId, d.DisplayName, d.ClientSecret, d.ClientType, d.ApplicationType, d.ConsentType,
        Permissions = d.Permissions.Order(StringComparer.Ordinal),
        Requirements = d.Requirements.Order(StringComparer.Ordinal),
        RedirectUris = d.RedirectUris.Select(u => u.ToString()).Order(StringComparer.Ordinal),
        PostLogoutRedirectUris = d.PostLogoutRedirectUris.Select(u => u.ToString()).Order(StringComparer.Ordinal),
        Properties = d.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.GetRawText()}"),
    });
}

/// Who a client-credentials token is about.
public sealed record ClientClaims(string ClientId, string Name, string[] Tenants, string[] Roles, string? UnitScope);
