using Region.Contracts.Budget;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Budget.Domain;

/// One line of an outcome batch as the ledger system sent it; Column is null when it is not one
/// of the seven frame columns.
public sealed record OutcomeLineInput(string UnitCode, int Year, int Month, BudgetColumn? Column, long Amount);

/// A line that passed the checks, with its unit found; Index is its place in the batch.
public sealed record ValidOutcomeLine(OrgUnit Unit, int Year, int Month, BudgetColumn Column, long Amount, int Index = 0);

/// The rules of an outcome batch (utfall from the ledger system): a batch is recorded whole or not
/// at all, so every line is checked and every violation reported before anything is written.
public static class OutcomeLines
{
    public const int MaxLines = 20_000;
    public const int MaxRequestIdLength = 100;

    /// The batch as a whole: a request id that makes a retry harmless, and a bounded number of lines.
    public static void CheckBatch(string requestId, int lineCount, Violations v)
    {
        if (string.IsNullOrWhiteSpace(requestId))
            v.Add("request_id", $"A request id (at most {MaxRequestIdLength} characters) is required, so a retry changes nothing.");
        else Input.CheckText(requestId, "request_id", MaxRequestIdLength, v);
        v.Check(lineCount > 0, "lines", "The batch has no lines.");
        v.Check(lineCount <= MaxLines, "lines", $"At most {MaxLines} lines per batch (got {lineCount}).");
    }

    /// Each line: a known unit open in the year, a year the system keeps, a month, a frame column,
    /// an amount within AmountRange, and no second line for the same unit, month and column.
    /// Returns the lines that passed.
    public static List<ValidOutcomeLine> Check(IReadOnlyList<OutcomeLineInput> lines, OrgTree tree, Violations v)
    {
        var keys = new HashSet<(Guid, int, int, BudgetColumn)>();
        var result = new List<ValidOutcomeLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var field = $"lines[{i}]";
            OrgUnit? unit = null;
            if (OrgUnit.CheckCode(line.UnitCode, $"{field}.unit_code", v))
            {
                unit = tree.Find(line.UnitCode);
                if (unit is null) v.Add($"{field}.unit_code", $"Unknown unit {Input.Quote(line.UnitCode)}.");
            }
            var yearOk = Input.CheckYear(line.Year, $"{field}.year", v);
            var monthOk = v.Check(line.Month is >= 1 and <= 12, $"{field}.month", "A month from 1 to 12.");
            v.Check(line.Column is not null, $"{field}.column", "One of the seven frame columns.");
            var amountOk = AmountChecks.Column(line.Amount, $"{field}.amount", v);
            if (unit is null || !yearOk || !monthOk || !amountOk || line.Column is not { } column) continue;
            if (!unit.IsOpenIn(line.Year)) v.Add($"{field}.unit_code", $"Unit {unit.Code} is closed from {unit.ClosedFromYear}.");
            if (!keys.Add((unit.Id, line.Year, line.Month, column)))
                v.Add(field, $"A second line for {unit.Code} {line.Year}-{line.Month:00} {column}.");
            result.Add(new ValidOutcomeLine(unit, line.Year, line.Month, column, line.Amount, i));
        }
        return result;
    }

    /// A unit's outcomes of a year in one column, with the batch applied, stay within AmountRange,
    /// so no later sum of them (a period, a subtree, a report) can overflow. The stored outcomes
    /// are those of the batch's units and years.
    public static void CheckYearTotals(IReadOnlyList<ValidOutcomeLine> lines, IEnumerable<MonthlyOutcome> stored, Violations v)
    {
        var months = stored.ToDictionary(o => (o.UnitId, o.Year, o.Column, o.Month), o => o.Amount);
        var firstLine = new Dictionary<(Guid, int, BudgetColumn), ValidOutcomeLine>();
        foreach (var line in lines)
        {
            months[(line.Unit.Id, line.Year, line.Column, line.Month)] = line.Amount;
            firstLine.TryAdd((line.Unit.Id, line.Year, line.Column), line);
        }
        // At most twelve months of amounts within the range each: the sum itself cannot overflow.
        foreach (var year in months.GroupBy(m => (m.Key.UnitId, m.Key.Year, m.Key.Column)))
            if (firstLine.TryGetValue(year.Key, out var line) && !AmountRange.Holds(year.Sum(m => m.Value)))
                v.Add($"lines[{line.Index}].amount",
                    $"The {line.Year} outcomes of {line.Unit.Code} in {line.Column} would add up beyond ±{AmountRange.Show(AmountRange.MaxColumn)} SEK.");
    }

    /// What a batch says, as a SHA-256 hex string: a request id used again with other lines is
    /// told apart from a retry of the same batch.
    public static string PayloadHash(IEnumerable<OutcomeLineInput> lines)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var line in lines)
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(
                FormattableString.Invariant($"{Input.Code(line.UnitCode)}|{line.Year}|{line.Month}|{(int?)line.Column}|{line.Amount}\n")));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// Recording a month again replaces its value: each line updates the stored outcome of its unit,
    /// month and column, or becomes a new one. Returns the new ones.
    public static List<MonthlyOutcome> Apply(IEnumerable<ValidOutcomeLine> lines, IEnumerable<MonthlyOutcome> stored, string requestId, DateTimeOffset at)
    {
        var existing = stored.ToDictionary(o => (o.UnitId, o.Year, o.Month, o.Column));
        var added = new List<MonthlyOutcome>();
        foreach (var line in lines)
        {
            if (existing.TryGetValue((line.Unit.Id, line.Year, line.Month, line.Column), out var outcome))
            {
                outcome.Amount = line.Amount;
                outcome.RequestId = requestId;
                outcome.RecordedAt = at;
            }
            else added.Add(new MonthlyOutcome
            {
                UnitId = line.Unit.Id, Year = line.Year, Month = line.Month, Column = line.Column,
                Amount = line.Amount, RequestId = requestId, RecordedAt = at,
            });
        }
        return added;
    }
}
