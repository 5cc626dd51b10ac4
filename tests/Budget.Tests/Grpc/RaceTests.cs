using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.V1;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// Issue 15: calls racing each other get the answer a sequence of them would get.
public sealed class RaceTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    private static RecordOutcomesRequest Batch(string requestId, string unit, long amount, int months = 12)
    {
        var request = new RecordOutcomesRequest { RequestId = requestId };
        foreach (var column in new[] { FrameColumn.PersonnelCosts, FrameColumn.OtherExternalCosts, FrameColumn.InternalCosts })
            for (var month = 1; month <= months; month++)
                request.Lines.Add(new OutcomeLine { UnitCode = unit, Year = 2022, Month = month, Column = column, Amount = amount });
        return request;
    }

    private static async Task<(StatusCode Code, RecordOutcomesResponse? Response, string Detail)> TryAsync(Task<RecordOutcomesResponse> call)
    {
        try { return (StatusCode.OK, await call, ""); }
        catch (RpcException e) { return (e.StatusCode, null, e.Status.Detail); }
    }

    [Fact]
    public async Task Concurrent_retries_of_one_batch_record_it_once_and_all_answer_like_the_first()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var batch = Batch("ledger-2022-08", "RD", -1_000_000);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => TryAsync(client.RecordOutcomesAsync(batch).ResponseAsync)));

        Assert.All(results, r => Assert.True(r.Code == StatusCode.OK, $"{r.Code}: {r.Detail}"));
        Assert.Single(results, r => !r.Response!.AlreadyRecorded);
        Assert.All(results, r => Assert.Equal(batch.Lines.Count, r.Response!.Recorded));
        await using var db = host.Db(tenant);
        Assert.Equal(batch.Lines.Count, await db.Outcomes.CountAsync());
    }

    [Fact]
    public async Task A_request_id_used_again_with_other_lines_is_refused_even_concurrently()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.RecordOutcomesAsync(Batch("august", "RD", -1_000_000));
        var before = await host.RowCountsAsync(tenant);

        var reused = await FailsWith(StatusCode.FailedPrecondition, () => client.RecordOutcomesAsync(Batch("august", "RD", -2_000_000)).ResponseAsync);
        Assert.Contains("'august'", reused.Status.Detail);
        Assert.Equal(before, await host.RowCountsAsync(tenant));

        // Racing: whichever batch wins, the same lines are "already recorded", other lines are refused.
        var a = Batch("september", "RST", -1);
        var b = Batch("september", "RST", -2);
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => TryAsync(client.RecordOutcomesAsync(i % 2 == 0 ? a : b).ResponseAsync)));
        var winner = Assert.Single(results, r => r.Code == StatusCode.OK && !r.Response!.AlreadyRecorded);
        Assert.All(results.Where(r => r != winner), r => Assert.True(
            r.Code == StatusCode.FailedPrecondition || r is { Code: StatusCode.OK, Response.AlreadyRecorded: true }, $"{r.Code}"));
        Assert.Equal(3, results.Count(r => r.Code == StatusCode.OK));
    }

    [Fact]
    public async Task Closing_a_year_while_outcomes_are_written_lets_no_write_in_after_the_close()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        // Enough units that each batch takes a while between its check of the year and its commit.
        var units = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var code = $"E{i}";
            await client.CreateUnitAsync(new() { Code = code, Name = $"Enhet {i}", Level = UnitLevel.Unit, ParentCode = "RST" });
            units.Add(code);
        }

        for (var round = 0; round < 4; round++)
        {
            var year = 2030 + round;
            var writes = units.Select(unit =>
            {
                var batch = Batch($"{year}-{unit}", unit, -1_000);
                foreach (var line in batch.Lines) line.Year = year;
                return TryAsync(client.RecordOutcomesAsync(batch).ResponseAsync);
            }).ToList();
            await Task.Delay(20 * round);
            await client.CloseYearAsync(new() { Year = year });
            var atClose = await OutcomesOfAsync(tenant, year);

            var results = await Task.WhenAll(writes);

            Assert.All(results, r => Assert.True(r.Code is StatusCode.OK or StatusCode.FailedPrecondition, $"{r.Code}"));
            Assert.Equal(atClose, await OutcomesOfAsync(tenant, year));
            Assert.Equal(results.Count(r => r.Code == StatusCode.OK) * 36, atClose);
        }
    }

    private async Task<int> OutcomesOfAsync(string tenant, int year)
    {
        await using var db = host.Db(tenant);
        return await db.Outcomes.CountAsync(o => o.Year == year);
    }
}
