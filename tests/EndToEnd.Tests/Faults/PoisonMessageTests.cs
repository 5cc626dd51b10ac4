using System.Diagnostics;
using Npgsql;
using Region.Common.V1;
using Region.Contracts.Events;
using Xunit.Abstractions;
using MeetingsApi = Region.Meetings.V1;

namespace Region.EndToEnd.Tests.Faults;

/// Fault 5 of issue 18: an event reporting cannot store goes to its error queue after the bus's
/// retries, an admin finds it through reporting's DeadLetterService and, after the fix, replays
/// it; it is applied once.
[Collection(FaultsCollection.Name)]
public sealed class PoisonMessageTests(FaultSystem faults, ITestOutputHelper output)
{
    private const string Poison = "Giftigt sammanträde";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_poison_message_goes_to_the_error_queue_and_after_the_fix_a_replay_applies_it_once()
    {
        using var w = await Workload.StartAsync(faults.System);
        // The "bug": reporting's meetings table refuses this one title, as a broken migration might.
        await SqlAsync($"""ALTER TABLE meetings ADD CONSTRAINT fault_suite_poison CHECK ("Title" IS DISTINCT FROM '{Poison}')""");
        try
        {
            var day = new DateOnly(Workload.MeetingYear, 12, 30);
            await w.Clients.Meetings.ScheduleMeetingAsync(new()
            {
                BodyCode = "B01", Year = Workload.MeetingYear,
                Meeting = new MeetingsApi.MeetingInput
                {
                    Kind = MeetingsApi.MeetingKind.BoardMeeting, Title = Poison,
                    StartDate = new() { Year = day.Year, Month = day.Month, Day = day.Day },
                },
            });
            var published = await Until(() => Task.FromResult(faults.Probe.Received.FirstOrDefault(r =>
                r.Event is MeetingScheduled m && m.Tenant == w.Tenant && m.Meeting.Title == Poison)), r => r.Event is not null, "the published event");
            var messageId = published.MessageId.ToString();

            var deadLetter = await Until(async () => (await ListErrorQueuesAsync(w)).DeadLetters.FirstOrDefault(d => d.MessageId == messageId),
                d => d is not null, "the message in reporting's error queue", async () =>
                    $"Listed {await ListErrorQueuesAsync(w)} looking for {messageId}\n{ReportingLog}");
            Assert.Contains("fault_suite_poison", deadLetter!.Error);
            // The error queue's depth is a gauge (refreshed every 10 s), which the dead-letter alert watches.
            bool OneWaiting(string line) => line.StartsWith("region_consumer_error_queue_messages{", StringComparison.Ordinal)
                && line.Contains($"queue=\"{deadLetter.Queue}\"", StringComparison.Ordinal)
                && line[(line.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0] == "1";
            await Until(ScrapeAsync, metrics => metrics.Split('\n').Any(OneWaiting),
                "error queue gauge at 1", async () => string.Join('\n', (await ScrapeAsync()).Split('\n').Where(l => l.Contains("error_queue", StringComparison.Ordinal))));
            Assert.Equal(0, await CountAsync($"""SELECT count(*) FROM meetings WHERE "Tenant" = '{w.Tenant}'"""));

            await SqlAsync("ALTER TABLE meetings DROP CONSTRAINT fault_suite_poison"); // the fix is deployed
            var replay = Stopwatch.StartNew();
            await Explained(() => w.Clients.ReportingDeadLetters.ReplayDeadLetterAsync(new() { Id = deadLetter.Id }).ResponseAsync);
            await Until(() => CountAsync($"""SELECT count(*) FROM meetings WHERE "Tenant" = '{w.Tenant}' AND "Title" = '{Poison}'"""), n => n == 1, "the replayed meeting");
            var seconds = replay.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(2)); // room for a second application to show
            var applied = await CountAsync($"""SELECT count(*) FROM inbox_messages WHERE event_id = '{published.Event.EventId}'""");
            var left = (await ListErrorQueuesAsync(w)).DeadLetters.Count(d => d.MessageId == messageId);

            var deliveries = faults.Probe.Received.Count(r => r.Event.EventId == published.Event.EventId);
            faults.Record.Add(new(5, "A poison message: error queue, fix, replay", 1, 1, 1 - (int)applied, deliveries - 1 + (int)applied - 1, seconds), output);
            Assert.Equal((1, 0, 1), (applied, left, deliveries));
        }
        finally
        {
            await SqlAsync("ALTER TABLE meetings DROP CONSTRAINT IF EXISTS fault_suite_poison");
        }
    }

    private async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(new Uri(faults.System.ServiceProcesses["reporting"].HttpUrl, "/metrics"));
    }

    private string ReportingLog => faults.System.ServiceProcesses["reporting"].Log;

    private Task<ListDeadLettersResponse> ListErrorQueuesAsync(Workload w) => Explained(() =>
        w.Clients.ReportingDeadLetters.ListDeadLettersAsync(new() { Source = DeadLetterSource.ErrorQueue, PageSize = 100 }).ResponseAsync);

    /// The admin call, failing with reporting's log when it is refused: the status alone does not say why.
    private async Task<T> Explained<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Grpc.Core.RpcException e)
        {
            Assert.Fail($"Reporting's DeadLetterService answered {e.StatusCode}: {e.Status.Detail}\n{ReportingLog}");
            throw;
        }
    }

    private async Task SqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(faults.System.DatabaseOf("reporting"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(faults.System.DatabaseOf("reporting"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what, Func<Task<string>>? explain = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (clock.Elapsed > Wait) Assert.Fail($"No {what} within {Wait.TotalSeconds:0} s. {(explain is null ? "" : await explain())}");
            await Task.Delay(250);
        }
    }
}
