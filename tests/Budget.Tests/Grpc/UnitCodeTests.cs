using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.V1;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// Issue 15: a code in another case must be the same unit, and a code a caller sends is never
/// echoed back without a bound.
public sealed class UnitCodeTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task A_code_differing_only_in_case_already_exists_and_the_tree_still_loads()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);

        var created = await client.CreateUnitAsync(new() { Code = "Qx", Name = "Första", Level = UnitLevel.Department, ParentCode = "rst" });
        var again = await FailsWith(StatusCode.AlreadyExists, () =>
            client.CreateUnitAsync(new() { Code = "qX", Name = "Andra", Level = UnitLevel.Department, ParentCode = "RST" }).ResponseAsync);

        Assert.Equal(("QX", "RST"), (created.Code, created.ParentCode));
        Assert.Contains("'QX'", again.Status.Detail);
        await using (var db = host.Db(tenant))
            Assert.Equal(["QX"], await db.Units.Where(u => u.Name == "Första" || u.Name == "Andra").Select(u => u.Code).ToListAsync());
        // Every call that loads the tree still answers.
        Assert.Equal(8, (await client.ListUnitsAsync(new())).TotalSize);
        Assert.Equal("QX", (await client.GetUnitAsync(new() { Code = "qx" })).Code);
        Assert.Contains((await client.ListBudgetFramesAsync(new() { UnitCode = "RS", Year = 2022 })).Units, u => u.Unit.Code == "QX");
        await client.GetDeviationAsync(new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8, IncludeSubtree = true });
    }

    [Fact]
    public async Task The_database_refuses_a_second_unit_whose_code_differs_only_in_case()
    {
        // The unique index on upper("Code") holds even for a writer that forgets to canonicalise.
        var tenant = NewTenant();
        await host.SeededClientAsync(tenant);
        await using var db = host.Db(tenant);
        var rs = await db.Units.SingleAsync(u => u.Code == "RS");
        db.Units.Add(new() { Code = "Rd", Name = "Duplicate", Level = Region.Budget.Domain.UnitLevel.Area, ParentId = rs.Id });

        var e = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(Npgsql.PostgresErrorCodes.UniqueViolation, Assert.IsType<Npgsql.PostgresException>(e.InnerException).SqlState);
    }

    [Fact]
    public async Task A_100000_character_code_is_refused_briefly_and_calls_beside_it_complete()
    {
        var client = await host.SeededClientAsync(NewTenant());
        var huge = new string('x', 100_000);

        // Every call on the same HTTP/2 connection: a trailer too large for the client would stall them all.
        var calls = Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? (Func<Task>)(() => client.GetUnitAsync(new() { Code = huge }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync)
            : () => client.GetUnitAsync(new() { Code = "RS" }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync).ToList();
        var results = await Task.WhenAll(calls.Select(async call =>
        {
            try { await call(); return (StatusCode.OK, ""); }
            catch (RpcException e) { return (e.StatusCode, e.Status.Detail); }
        }));

        Assert.Equal(4, results.Count(r => r.Item1 == StatusCode.OK));
        Assert.All(results.Where(r => r.Item1 != StatusCode.OK), r =>
        {
            Assert.Equal(StatusCode.InvalidArgument, r.Item1);
            Assert.True(r.Item2.Length < 200, r.Item2);
        });
    }

    [Fact]
    public async Task An_unknown_code_is_quoted_at_most_40_characters_long()
    {
        var client = await host.SeededClientAsync(NewTenant());
        var code = "A" + new string('B', 39);
        var e = await FailsWith(StatusCode.NotFound, () => client.GetFrameAsync(new() { UnitCode = code, Year = 2022 }).ResponseAsync);
        Assert.Contains($"'{code}'", e.Status.Detail);

        var stale = await FailsWith(StatusCode.Aborted, () =>
            client.RenameUnitAsync(new() { Code = "VV", Name = "Vårdval", Etag = new string('7', 20) }).ResponseAsync);
        Assert.True(stale.Status.Detail.Length < 200, stale.Status.Detail);
    }
}
