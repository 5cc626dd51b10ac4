using Region.Contracts.Budget;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Budget.Domain;

/// One line of an outcome batch as the ledger system sent it; Column is null when it is not one
/// of the seven frame columns.
public sealed record OutcomeLineInput(string UnitCode, int Year, int Month, BudgetColumn? Column, long Amount);

/// A line that passed the checks, with its unit found.
public sealed record ValidOutcomeLine(OrgUnit Unit, int Year, int Month, BudgetColumn Column, long Amount);

/// The rules of an outcome batch (utfall from the ledger system): a batch is recorded whole or not
/// at all, so every line is checked and every violation reported before anything is written.
public static class OutcomeLines
{
    public const int MaxLines = 20_000;
    public const int MaxRequestIdLength = 100;

    /// The batch as a whole: a request id that makes a retry harmless, and a bounded number of lines.
    public static void CheckBatch(string requestId, int lineCount, Violations v)
    {
        v.Check(!string.IsNullOrWhiteSpace(requestId) && requestId.Length <= MaxRequestIdLength, "request_id",
            $"A request id (at most {MaxRequestIdLength} characters) is required, so a retry changes nothing.");
        v.Check(lineCount > 0, "lines", "The batch has no lines.");
        v.Check(lineCount <= MaxLines, "lines", $"At most {MaxLines} lines per batch.");
    }

    /// Each line: a known unit open in the year, a year the system keeps, a month, a frame column,
    /// and no second line for the same unit, month and column. Returns the lines that passed.
    public static List<ValidOutcomeLine> Check(IReadOnlyList<OutcomeLineInput> lines, OrgTree tree, Violations v)
    {
        var keys = new HashSet<(Guid, int, int, BudgetColumn)>();
        var result = new List<ValidOutcomeLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var field = $"lines[{i}]";
            var unit = string.IsNullOrWhiteSpace(line.UnitCode) ? null : tree.Find(line.UnitCode);
            if (string.IsNullOrWhiteSpace(line.UnitCode)) v.Add($"{field}.unit_code", "A unit code is required.");
            else if (unit is null) v.Add($"{field}.unit_code", $"Unknown unit '{line.UnitCode}'.");
            var yearOk = Input.CheckYear(line.Year, $"{field}.year", v);
            var monthOk = v.Check(line.Month is >= 1 and <= 12, $"{field}.month", "A month from 1 to 12.");
            v.Check(line.Column is not null, $"{field}.column", "One of the seven frame columns.");
            if (unit is null || !yearOk || !monthOk || line.Column is not { } column) continue;
            if (!unit.IsOpenIn(line.Year)) v.Add($"{field}.unit_code", $"Unit '{unit.Code}' is closed from {unit.ClosedFromYear}.");
            if (!keys.Add((unit.Id, line.Year, line.Month, column)))
                v.Add(field, $"A second line for {unit.Code} {line.Year}-{line.Month:00} {column}.");
            result.Add(new ValidOutcomeLine(unit, line.Year, line.Month, column, line.Amount));
        }
        return result;
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
