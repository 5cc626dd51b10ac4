using System.Net;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Region.Budget.V1;
using Region.TestSupport;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// The budget service as every service: a call is decided from a real access token alone. Tokens
/// that must fail are made by the test (HandMadeToken): signed with the provider's own key and one
/// claim wrong (audience, issuer, expiry), or signed with a key of our own (forged). The same
/// hand-made token with nothing wrong is accepted, so each refusal is down to the one change.
public sealed class TokenTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    private BudgetService.BudgetServiceClient With(string token, string? tenantHeader = null, string? userHeader = null) =>
        new(host.Invoker().Intercept(m =>
        {
            m.Add("authorization", "Bearer " + token);
            if (tenantHeader is not null) m.Add("x-tenant", tenantHeader);
            if (userHeader is not null) m.Add("x-user", userHeader);
            return m;
        }));

    private string Made(string[] tenants, string? audience = null, string? issuer = null, DateTime? expires = null, bool forged = false) =>
        HandMadeToken.Sign(host.Identity, tenants, ["admin"], audience, issuer, expires, forged);

    [Fact]
    public async Task A_hand_made_token_with_nothing_wrong_is_accepted()
    {
        var tenant = NewTenant();
        await With(Made([tenant])).CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = UnitLevel.Region });
        Assert.Equal("RJH", Assert.Single((await host.Client(tenant).ListUnitsAsync(new())).Units).Code);
    }

    [Fact]
    public async Task Calls_without_a_valid_token_are_unauthenticated()
    {
        string[] tenant = [NewTenant()];
        await FailsWith(StatusCode.Unauthenticated, () => host.AnonymousClient().ListUnitsAsync(new()).ResponseAsync);
        await FailsWith(StatusCode.Unauthenticated, () => With("not-a-token").ListUnitsAsync(new()).ResponseAsync);
        await FailsWith(StatusCode.Unauthenticated, () => With(Made(tenant, expires: DateTime.UtcNow.AddSeconds(-5))).ListUnitsAsync(new()).ResponseAsync);
        await FailsWith(StatusCode.Unauthenticated, () => With(Made(tenant, audience: "another-api")).ListUnitsAsync(new()).ResponseAsync);
        await FailsWith(StatusCode.Unauthenticated, () => With(Made(tenant, issuer: "http://127.0.0.1:9/another-issuer/")).ListUnitsAsync(new()).ResponseAsync);
        var forged = await FailsWith(StatusCode.Unauthenticated, () => With(Made(tenant, forged: true)).ListUnitsAsync(new()).ResponseAsync);
        Assert.Contains("authorization: Bearer", forged.Status.Detail);
    }

    [Fact]
    public async Task Json_calls_need_the_bearer_token_too()
    {
        var tenant = NewTenant();
        await host.Client(tenant).CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = UnitLevel.Region });

        using var anonymous = host.HttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/units")).StatusCode);
        anonymous.DefaultRequestHeaders.Add("x-tenant", tenant);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/units")).StatusCode);
        using var signedIn = host.HttpClient(tenant);
        Assert.Contains("\"RJH\"", await signedIn.GetStringAsync("/v1/units"));
    }

    [Fact]
    public async Task The_tenant_is_the_tokens_and_x_tenant_only_picks_one_of_the_tokens_tenants()
    {
        var (a, b) = (NewTenant(), NewTenant());
        var both = await host.Identity.TokenAsync([a, b], ["admin"]);
        await With(both, tenantHeader: a).CreateUnitAsync(new() { Code = "RJH", Name = "Region A", Level = UnitLevel.Region });
        Assert.Equal("Region A", Assert.Single((await host.Client(a).ListUnitsAsync(new())).Units).Name);
        Assert.Empty((await host.Client(b).ListUnitsAsync(new())).Units);

        // Several tenants and none named: which one is the caller's to say.
        var e = await FailsWith(StatusCode.InvalidArgument, () => With(both).ListUnitsAsync(new()).ResponseAsync);
        Assert.Equal("x-tenant", Assert.Single(e.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
        // A tenant the token does not list, and a token listing none, are refused.
        await FailsWith(StatusCode.PermissionDenied, () => With(both, tenantHeader: NewTenant()).ListUnitsAsync(new()).ResponseAsync);
        var onlyB = await host.TokenAsync(b);
        await FailsWith(StatusCode.PermissionDenied, () => With(onlyB, tenantHeader: a).ListUnitsAsync(new()).ResponseAsync);
        await FailsWith(StatusCode.PermissionDenied, () => With(Made([])).ListUnitsAsync(new()).ResponseAsync);
    }

    [Fact]
    public async Task The_ledger_names_the_tokens_user_and_x_user_is_not_read()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var frame = await client.GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });

        await With(await host.TokenAsync(tenant, "Erik Eriksson (ekonom)"), userHeader: "mallory").AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Prioritisation,
            Change = new FrameAmounts { PersonnelCosts = -1_000_000 }, Reason = "Test", CaseNumber = "RS/1/2022",
        });

        var entry = Assert.Single((await client.ListLedgerAsync(new() { UnitCode = "RD", Year = 2022 })).Entries);
        Assert.Equal("Erik Eriksson (ekonom)", entry.ChangedBy);
    }

    [Fact]
    public async Task A_role_without_the_rpcs_access_is_refused_and_writes_nothing()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var frame = await client.GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });
        var before = await host.RowCountsAsync(tenant);
        var adjust = new AdjustFrameRequest
        {
            UnitCode = "RD", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Prioritisation,
            Change = new FrameAmounts { PersonnelCosts = -1_000_000 }, Reason = "Test", CaseNumber = "RS/1/2022",
        };

        foreach (var role in new[] { "reader", "planner", "controller", "snapshot" })
        {
            var refused = await FailsWith(StatusCode.PermissionDenied, () => new BudgetService.BudgetServiceClient(host.Invoker(tenant, [role])).AdjustFrameAsync(adjust).ResponseAsync);
            Assert.Contains("AdjustFrame needs the role 'finance' or 'admin'", refused.Status.Detail);
        }
        Assert.Equal(before, await host.RowCountsAsync(tenant));
        // A reader reads; finance changes frames.
        await new BudgetService.BudgetServiceClient(host.Invoker(tenant, ["reader"])).GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });
        await new BudgetService.BudgetServiceClient(host.Invoker(tenant, ["finance"])).AdjustFrameAsync(adjust);
    }
}
