using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Budget;
using Region.Reporting.Data;

namespace Region.Reporting.Domain;

/// A year's budget outcomes of a set of units, added up by PostgreSQL per unit, column and month:
/// a body of the large region has some 9 000 outcome lines a year, and the report needs only their
/// sums (BudgetFigures per month), so about 750 rows travel instead of the lines themselves.
public sealed class BudgetOutcomeSums
{
    /// One unit's column: its sum per month (index 0 is January), null for a month without lines.
    sealed record UnitColumn(string UnitCode, BudgetColumn? Column, decimal?[] Months);

    readonly List<UnitColumn> _rows;

    BudgetOutcomeSums(List<UnitColumn> rows, decimal magnitude, bool inventedThrough)
    {
        (_rows, Magnitude, InventedThrough) = (rows, magnitude, inventedThrough);
    }

    public static readonly BudgetOutcomeSums None = new([], 0, false);

    /// The sum of the lines' absolute amounts, all of them (any month or column): AmountSums'
    /// measure, so the report can tell whether its figures can be added up before adding them.
    public decimal Magnitude { get; }

    /// Whether a line up to the month the sums were read for was recorded as invented.
    public bool InventedThrough { get; }

    /// Each unit's outcome from January through the month, by code (any case), for BudgetFigures;
    /// only units with a line of a frame column in those months. Call only when AmountSums has
    /// said the amounts can be added up (Magnitude), so every sum fits an int64.
    public IReadOnlyDictionary<string, FrameAmounts> Through(int month)
    {
        var byUnit = new Dictionary<string, FrameAmounts>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in _rows)
        {
            if (row.Column is not { } column) continue;
            long? sum = null;
            for (var m = 1; m <= Math.Min(month, 12); m++)
                if (row.Months[m - 1] is { } amount) sum = (sum ?? 0) + (long)amount;
            if (sum is null) continue;
            var amounts = FrameAmounts.Of(column, sum.Value);
            byUnit[row.UnitCode] = byUnit.TryGetValue(row.UnitCode, out var had) ? had + amounts : amounts;
        }
        return byUnit;
    }

    /// The sums of the units' outcome lines of a year (codes as stored, Input.Code's form), in one
    /// query; <paramref name="throughMonth"/> bounds InventedThrough only.
    public static async Task<BudgetOutcomeSums> LoadAsync(ReportingDb db, IReadOnlyCollection<string> unitCodes, int year, int throughMonth, CancellationToken ct)
    {
        if (unitCodes.Count == 0) return None;
        var months = string.Join(", ", Enumerable.Range(1, 12).Select(m => $"sum(\"Amount\"::numeric) FILTER (WHERE \"Month\" = {m})"));
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            // The tenant filter is written out: raw SQL does not get the DbContext's query filter.
            command.CommandText = $"""
                SELECT "UnitCode", "Column", sum(abs("Amount"::numeric)), bool_or("Invented" AND "Month" <= @through), {months}
                FROM budget_outcomes
                WHERE "Tenant" = @tenant AND "Year" = @year AND "UnitCode" = ANY(@codes)
                GROUP BY "UnitCode", "Column"
                """;
            Add(command, "tenant", db.Caller.RequiredTenant);
            Add(command, "year", year);
            Add(command, "through", throughMonth);
            Add(command, "codes", unitCodes.ToArray());
            var rows = new List<UnitColumn>();
            decimal magnitude = 0;
            var invented = false;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                magnitude += reader.GetDecimal(2);
                invented |= !reader.IsDBNull(3) && reader.GetBoolean(3);
                var sums = new decimal?[12];
                for (var m = 0; m < 12; m++) sums[m] = reader.IsDBNull(4 + m) ? null : reader.GetDecimal(4 + m);
                rows.Add(new UnitColumn(reader.GetString(0), BudgetFigures.FrameColumn(reader.GetString(1)), sums));
            }
            return new BudgetOutcomeSums(rows, magnitude, invented);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = (name, value);
        command.Parameters.Add(parameter);
    }
}
