using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using Region.ServiceDefaults.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Region.Identity.Accounts;

/// The claims every token carries, for people and clients alike: `sub`, `name`, one `tenant` per
/// region, one `role` per role, and the optional `unit_scope`. The names are fixed here; the
/// services read them through configurable names, so another IdP can use its own.
public static class RegionClaims
{
    public const string Tenant = "tenant";
    public const string Role = Claims.Role;
    public const string UnitScope = "unit_scope";

    /// Reader sees; planner edits plans (within the unit scope); finance changes budgets (within the
    /// unit scope); controller follows up and assesses; admin does everything.
    public static readonly ImmutableArray<string> Roles = [RegionRoles.Reader, RegionRoles.Planner, RegionRoles.Finance, RegionRoles.Controller, RegionRoles.Admin];

    /// Roles for systems only: snapshot lets a client ask a service to re-announce its state
    /// (reporting's rebuild) and nothing else, so that client's secret opens no other door.
    public static readonly ImmutableArray<string> ClientRoles = [RegionRoles.Snapshot];

    public static ClaimsIdentity Identity(string subject, string name, IEnumerable<string> tenants, IEnumerable<string> roles, string? unitScope)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject)
            .SetClaim(Claims.Name, name)
            .SetClaims(Tenant, [.. tenants])
            .SetClaims(Role, [.. roles]);
        if (unitScope is not null) identity.SetClaim(UnitScope, unitScope);
        identity.SetResources(IdentitySettings.Audience);
        // OpenIddict leaves out every claim without a destination: ours belong in the access token,
        // and in the identity token for a web front end that shows who is signed in.
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return identity;
    }

    public static ClaimsIdentity For(RegionUser user) =>
        Identity(user.UserName, user.DisplayName, user.Tenants, user.Roles, user.UnitScope);
}
