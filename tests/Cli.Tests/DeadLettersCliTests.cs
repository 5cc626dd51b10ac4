using Npgsql;

namespace Region.Cli.Tests;

/// `regionctl dead-letters` against the real meetings service (in-process, real PostgreSQL and
/// RabbitMQ): an outbox dead letter listed, shown, refused a discard without a reason, discarded.
public sealed class DeadLettersCliTests(MeetingsCliHost host) : IClassFixture<MeetingsCliHost>
{
    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Dead_letters_are_listed_shown_and_discarded_only_with_a_reason()
    {
        var tenant = NewTenant();
        var id = await AddDeadLetterAsync(tenant);

        var list = await host.RunAsync("dead-letters", "list", "meetings", "--source", "outbox", "--tenant", tenant);
        var show = await host.RunAsync("dead-letters", "show", "meetings", id, "--tenant", tenant);
        var noReason = await host.RunAsync("dead-letters", "discard", "meetings", id, "--tenant", tenant);
        var discard = await host.RunAsync("dead-letters", "discard", "meetings", id, "--reason", "Mötet ställdes in", "--tenant", tenant);
        var after = await host.RunAsync("dead-letters", "list", "meetings", "--source", "outbox", "--tenant", tenant);

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches($@"{id}\s+MeetingCancelled\s.*\s10\s+Unknown message type", list.Out);
        Assert.Contains("\"calendarId\"", show.Out);
        Assert.Equal(2, noReason.ExitCode);
        Assert.True(discard.ExitCode == 0, discard.ToString());
        Assert.Contains($"Discarded {id}", discard.Out);
        Assert.Contains("No dead letters.", after.Out);
    }

    // A row as the dispatcher leaves it after ten failures of its own.
    private async Task<string> AddDeadLetterAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO outbox_dead_letters (tenant, message_id, message_type, payload, created_at, attempts, last_error, dead_lettered_at)
            VALUES (@tenant, @id, 'Region.Contracts.Events.MeetingCancelled', @payload::jsonb, now(), 10,
                    'Unknown message type Region.Contracts.Events.MeetingCancelled', now())
            RETURNING id
            """, connection);
        insert.Parameters.AddWithValue("tenant", tenant);
        insert.Parameters.AddWithValue("id", Guid.NewGuid());
        insert.Parameters.AddWithValue("payload", $$"""{"tenant":"{{tenant}}","calendarId":"RS-2022"}""");
        return $"outbox:{await insert.ExecuteScalarAsync()}";
    }
}
