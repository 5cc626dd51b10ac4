using Grpc.Core;
using Region.Budget.V1;
using Region.Contracts.Events;
using Region.TestSupport;
using static Region.TestSupport.AuditTrail;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// Who answers for a unit: set with the unit's etag, validated as a whole, audited and announced.
public sealed class UnitOwnerTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    private static UnitOwner Anna => new()
    {
        Name = "Anna Exempelsson", Email = "anna.exempelsson@example.se",
        DeputyName = "Bertil Demosson", DeputyEmail = "bertil.demosson@example.se",
    };

    [Fact]
    public async Task SetUnitOwner_sets_replaces_and_removes_the_owner_at_the_units_etag()
    {
        var client = host.Client(NewTenant());
        await Seed2022.CreateUnitsAsync(client);

        var set = await client.SetUnitOwnerAsync(new() { Code = "rd", Owner = Anna, Etag = "1" });
        Assert.Equal(("RD", "2"), (set.Code, set.Etag));
        Assert.Equal(Anna, set.Owner);
        Assert.Equal(Anna, (await client.GetUnitAsync(new() { Code = "RD" })).Owner);
        Assert.Equal(Anna, (await client.ListUnitsAsync(new() { RootCode = "RD" })).Units.Single().Owner);
        await FailsWith(StatusCode.Aborted, () => client.SetUnitOwnerAsync(new() { Code = "RD", Owner = Anna, Etag = "1" }).ResponseAsync);

        var alone = await client.SetUnitOwnerAsync(new() { Code = "RD", Owner = new() { Name = " Cecilia Påhittsdotter ", Email = " cecilia@example.se " }, Etag = "2" });
        Assert.Equal(new UnitOwner { Name = "Cecilia Påhittsdotter", Email = "cecilia@example.se" }, alone.Owner);

        var removed = await client.SetUnitOwnerAsync(new() { Code = "RD", Etag = alone.Etag });
        Assert.Null(removed.Owner);
        Assert.Null((await client.GetUnitAsync(new() { Code = "RD" })).Owner);
        await FailsWith(StatusCode.NotFound, () => client.SetUnitOwnerAsync(new() { Code = "NOPE", Owner = Anna, Etag = "1" }).ResponseAsync);
    }

    [Fact]
    public async Task SetUnitOwner_with_bad_addresses_or_half_a_deputy_lists_every_violation_and_writes_nothing()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var before = await host.RowCountsAsync(tenant);

        await InvalidArgument(() => client.SetUnitOwnerAsync(new() { Owner = new() }).ResponseAsync,
            "code", "etag", "owner.name", "owner.email");
        await InvalidArgument(() => client.SetUnitOwnerAsync(new()
        {
            Code = "RD", Etag = "1",
            Owner = new() { Name = new string('x', 201), Email = "Anna <anna@example.se>", DeputyName = "Bertil" },
        }).ResponseAsync, "owner.name", "owner.email", "owner.deputy_email");
        foreach (var bad in new[] { "anna", "anna@", "@example.se", "anna@localhost", "anna @example.se", "anna@example.se\n", "a\0@example.se", new string('a', 250) + "@example.se" })
            await InvalidArgument(() => client.SetUnitOwnerAsync(new() { Code = "RD", Etag = "1", Owner = new() { Name = "Anna", Email = bad } }).ResponseAsync, "owner.email");
        await InvalidArgument(() => client.SetUnitOwnerAsync(new()
        {
            Code = "RD", Etag = "1", Owner = new() { Name = "Anna", Email = "anna@example.se", DeputyEmail = "bertil@example.se", DeputyName = "Rad\nbrytning" },
        }).ResponseAsync, "owner.deputy_name");

        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task A_new_owner_is_audited_and_announced_with_the_units_state()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await Seed2022.CreateUnitsAsync(client);
        string traceId;
        using (var trace = StartTrace())
        {
            await client.SetUnitOwnerAsync(new() { Code = "VV", Owner = Anna, Etag = "1" }, trace.Headers);
            traceId = trace.TraceId;
        }

        var entry = Assert.Single(await EntriesAsync(host.Invoker(tenant)), e => e.TraceId == traceId);
        Assert.Equal(("/region.budget.v1.BudgetService/SetUnitOwner", "OrgUnit", "modified"), (entry.Rpc, entry.ObjectKind, entry.Action));
        Assert.Equal("anna.exempelsson@example.se", (string)Field(entry.AfterJson, "OwnerEmail")!);

        await events.WaitUntil(e => e.Of<OrgUnitOwnerChanged>(tenant).Count == 1, TimeSpan.FromSeconds(30), "the owner event");
        var unit = events.Of<OrgUnitOwnerChanged>(tenant).Single().Unit;
        Assert.Equal(("VV", 2, "RS-TJM"), (unit.Code, unit.Version, unit.ParentCode));
        Assert.Equal(new UnitOwnerData("Anna Exempelsson", "anna.exempelsson@example.se", "Bertil Demosson", "bertil.demosson@example.se"), unit.Owner);
        // A created unit has no owner yet.
        Assert.All(events.Of<OrgUnitCreated>(tenant), e => Assert.Null(e.Unit.Owner));
    }
}
