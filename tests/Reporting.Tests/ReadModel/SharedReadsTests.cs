using Region.Reporting.ReadModel;

namespace Region.Reporting.Tests.ReadModel;

/// LatestReports' version reads are shared between calls in flight, but a call may only use a
/// read that started after it arrived: otherwise it could miss a change committed just before.
public sealed class SharedReadsTests
{
    /// Reads that finish when the test says, numbered in the order they started.
    sealed class Reads
    {
        public List<(string Key, TaskCompletionSource<int> Result)> Started { get; } = [];

        public Task<int> ReadAsync(string key, CancellationToken ct)
        {
            var result = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (Started) Started.Add((key, result));
            return result.Task;
        }

        public async Task<TaskCompletionSource<int>> StartedAsync(int number)
        {
            for (var i = 0; i < 500; i++)
            {
                lock (Started)
                    if (Started.Count >= number) return Started[number - 1].Result;
                await Task.Delay(10);
            }
            throw new TimeoutException($"Read {number} never started.");
        }
    }

    [Fact]
    public async Task Calls_arriving_while_a_read_runs_share_the_next_read_not_the_running_one()
    {
        var reads = new Reads();
        var shared = new SharedReads<string, int>(reads.ReadAsync, TimeSpan.FromMinutes(1));
        var first = shared.ReadAsync("a", default);
        var running = await reads.StartedAsync(1);
        var second = shared.ReadAsync("a", default);
        var third = shared.ReadAsync("a", default);

        running.SetResult(1);
        Assert.Equal(1, await first);
        Assert.False(second.IsCompleted);
        (await reads.StartedAsync(2)).SetResult(2);
        Assert.Equal(new[] { 2, 2 }, await Task.WhenAll(second, third));
        Assert.Equal(2, reads.Started.Count);
    }

    [Fact]
    public async Task Reads_of_different_keys_are_not_shared()
    {
        var reads = new Reads();
        var shared = new SharedReads<string, int>(reads.ReadAsync, TimeSpan.FromMinutes(1));
        var ofA = shared.ReadAsync("a", default);
        await reads.StartedAsync(1);
        var ofB = shared.ReadAsync("b", default);

        (await reads.StartedAsync(2)).SetResult(20);
        Assert.Equal(20, await ofB);
        Assert.False(ofA.IsCompleted);
        Assert.Equal(new[] { "a", "b" }, reads.Started.Select(r => r.Key));
    }

    [Fact]
    public async Task A_failed_read_fails_its_callers_and_the_next_call_reads_again()
    {
        var reads = new Reads();
        var shared = new SharedReads<string, int>(reads.ReadAsync, TimeSpan.FromMinutes(1));
        var failing = shared.ReadAsync("a", default);
        (await reads.StartedAsync(1)).SetException(new InvalidOperationException("database away"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);

        var next = shared.ReadAsync("a", default);
        (await reads.StartedAsync(2)).SetResult(3);
        Assert.Equal(3, await next);
    }
}
