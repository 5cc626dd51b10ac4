using Grpc.Core;
using Xunit;
using Xunit.Sdk;

namespace Region.TestSupport;

/// Table-driven checks of many calls: bad requests refused field by field, and calls that race.
public static class RpcTables
{
    /// The long input of the tables: an answer that quotes it must cut it (Input.Quote keeps 40 characters).
    public static readonly string Huge = new('x', 100_000);

    /// Every call of the table is INVALID_ARGUMENT naming exactly its fields and never quoting Huge
    /// whole; rowCounts (the tenant's rows per table) is the same afterwards: nothing was written.
    public static async Task AllRefusedAsync(Func<Task<string>> rowCounts, params (Func<Task> Call, string[] Fields)[] table)
    {
        var before = await rowCounts();
        for (var i = 0; i < table.Length; i++)
        {
            try
            {
                var violations = await Rpc.InvalidArgument(table[i].Call, table[i].Fields);
                Assert.All(violations, v => Assert.DoesNotContain(Huge[..41], v.Description));
            }
            catch (Exception e) when (e is not RpcException)
            {
                throw new XunitException($"Row {i} of the table: {e.Message}");
            }
        }
        Assert.Equal(before, await rowCounts());
    }

    /// Runs the calls at once; the answers, and the RpcExceptions the others failed with.
    public static async Task<(List<T> Answers, List<RpcException> Failures)> AtOnceAsync<T>(int count, Func<int, Task<T>> call)
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            try { return (Answer: await call(i), Failure: (RpcException?)null); }
            catch (RpcException e) { return (Answer: default(T), Failure: e); }
        }));
        return (outcomes.Where(o => o.Failure is null).Select(o => o.Answer!).ToList(), outcomes.Where(o => o.Failure is not null).Select(o => o.Failure!).ToList());
    }
}
