using System.Diagnostics;
using Npgsql;
using Region.Contracts.Events;
using Region.TestSupport;

namespace Region.EndToEnd.Tests.Faults;

/// What a workload's writes imply, compared with reporting's read model (its database, read
/// directly) and with the events the probe queue received.
public static class Expectations
{
    /// The events the workload's writes cause: distinct ones received, those never received, and
    /// deliveries beyond the first of one event id.
    public static (int Events, int Lost, int Duplicated) Delivery(EventCollector probe, Workload w)
    {
        var expected = new Dictionary<Type, int>
        {
            [typeof(BudgetFrameAdjusted)] = w.Adjustments,
            [typeof(PlanCreated)] = w.Plans,
            [typeof(InvestmentObjectAdded)] = w.ObjectAmounts.Count,
            [typeof(MeetingScheduled)] = w.Meetings,
        };
        var received = probe.Received.Select(r => r.Event)
            .Where(e => e.Tenant == w.Tenant && expected.ContainsKey(e.GetType())).ToList();
        var distinct = received.DistinctBy(e => e.EventId).ToList();
        var lost = expected.Sum(x => Math.Max(0, x.Value - distinct.Count(e => e.GetType() == x.Key)));
        return (distinct.Count, lost, received.Count - distinct.Count);
    }

    /// Waits until reporting's read model equals what the writes imply and the probe has every
    /// event; returns the seconds that took, or fails naming what still differs.
    public static async Task<double> SecondsUntilWholeAsync(FaultSystem faults, Workload w, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var differences = new List<string>();
        while (clock.Elapsed < timeout)
        {
            try
            {
                differences = await ReadModelDifferencesAsync(faults.System.DatabaseOf("reporting"), w);
            }
            catch (NpgsqlException e)
            {
                differences = ["reporting's database: " + e.Message];
            }
            if (Delivery(faults.Probe, w).Lost > 0) differences.Add($"the probe lacks {Delivery(faults.Probe, w).Lost} events");
            if (differences.Count == 0) return clock.Elapsed.TotalSeconds;
            await Task.Delay(250);
        }
        Assert.Fail($"Not whole {timeout.TotalSeconds:0} s after the fault:\n{string.Join("\n", differences)}\n{faults.System.Logs()}");
        return 0;
    }

    /// Reporting's frames, ledger, plans, investments and meetings of the workload's tenant against
    /// what its writes imply; empty when they agree.
    public static async Task<List<string>> ReadModelDifferencesAsync(string reportingDb, Workload w)
    {
        var differences = new List<string>();
        await using var connection = new NpgsqlConnection(reportingDb);
        await connection.OpenAsync();
        var frames = await FramesAsync(connection, w);
        foreach (var (body, adjustments) in w.AdjustmentsPerBody)
        {
            var expected = Workload.OpeningPersonnelCosts + adjustments * Workload.Adjustment;
            if (frames.GetValueOrDefault(body) != expected) differences.Add($"frame {body}: {frames.GetValueOrDefault(body)}, expected {expected}");
        }
        await Compare(connection, w, """SELECT count(*) FROM ledger_entries WHERE "Tenant" = @tenant AND "Reason" = @reason""", w.Adjustments, "ledger entries", differences);
        await Compare(connection, w, """SELECT count(*) FROM plans WHERE "Tenant" = @tenant""", w.Plans, "goals plans", differences);
        await Compare(connection, w, """SELECT count(*) FROM investments WHERE "Tenant" = @tenant""", w.ObjectAmounts.Count, "investment objects", differences);
        await Compare(connection, w, """SELECT coalesce(sum("Amount"), 0) FROM investments WHERE "Tenant" = @tenant""", w.ObjectAmounts.Sum(), "investment amounts", differences);
        await Compare(connection, w, """SELECT count(*) FROM meetings WHERE "Tenant" = @tenant""", w.Meetings, "meetings", differences);
        return differences;
    }

    /// Reporting's personnel costs in force per body (the only column the workloads change).
    public static async Task<Dictionary<string, long>> FramesAsync(NpgsqlConnection connection, Workload w)
    {
        var frames = new Dictionary<string, long>();
        await using var read = await Query(connection, w, """SELECT "UnitCode", "Current_PersonnelCosts" FROM frames WHERE "Tenant" = @tenant AND "Year" = @year""").ExecuteReaderAsync();
        while (await read.ReadAsync()) frames[read.GetString(0)] = read.GetInt64(1);
        return frames;
    }

    private static async Task Compare(NpgsqlConnection connection, Workload w, string sql, long expected, string what, List<string> differences)
    {
        var actual = Convert.ToInt64(await Query(connection, w, sql).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        if (actual != expected) differences.Add($"{what}: {actual}, expected {expected}");
    }

    private static NpgsqlCommand Query(NpgsqlConnection connection, Workload w, string sql)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", w.Tenant);
        command.Parameters.AddWithValue("year", Workload.Year);
        command.Parameters.AddWithValue("reason", Workload.Reason);
        return command;
    }
}
