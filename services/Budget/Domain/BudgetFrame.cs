using Region.Contracts.Budget;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Budget.Domain;

/// Tjänstemannabudget (officials) or förtroendemannabudget (elected members).
public enum FrameCategory
{
    Officials = 1,
    ElectedMembers = 2,
}

/// Why a frame changed: uppräkning enligt LPIK, prioritering, omdisponering, or something else.
public enum AdjustmentKind
{
    IndexUplift = 1,
    Prioritisation = 2,
    Transfer = 3,
    Other = 4,
}

/// Budgetram: a unit's budget for a year. The frame in force is always the opening frame plus the
/// ledger; nothing is overwritten, so the history of every change is the ledger itself.
public sealed class BudgetFrame : ITenantOwned
{
    public const int MaxReasonLength = 500;
    public const int MaxCaseNumberLength = 32;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid UnitId { get; init; }
    public int Year { get; init; }
    public FrameCategory Category { get; init; }
    public required FrameAmounts Opening { get; init; }
    /// Twelve weights for spreading the year over months; null means evenly.
    public int[]? MonthlyWeights { get; set; }
    /// Bumped by every ledger entry; the etag callers send back.
    public int Version { get; set; } = 1;
    /// The ledger itself, loaded only where its entries are listed (the snapshot); a change or a
    /// read of the frame uses the totals below instead, so it costs the same at the hundredth entry.
    public List<LedgerEntry> Entries { get; init; } = [];

    /// The sum of the entries that move the frame (one already included in the opening frame is
    /// history only), kept with the frame by Adjust, so the frame in force needs no ledger read.
    public FrameAmounts Adjustments { get; private set; } = FrameAmounts.Zero;
    /// How many entries the ledger has.
    public int LedgerEntries { get; private set; }
    public FrameAmounts Current => Opening + Adjustments;

    public LedgerEntry Adjust(AdjustmentKind kind, FrameAmounts change, string reason, string? caseNumber, string changedBy,
        DateTimeOffset at, bool amountIsEstimate = false, Guid? transferId = null, string? counterpartUnitCode = null, bool includedInOpening = false)
    {
        var entry = new LedgerEntry
        {
            Tenant = Tenant,
            FrameId = Id,
            Kind = kind,
            Change = change,
            Reason = reason,
            CaseNumber = caseNumber,
            ChangedBy = changedBy,
            ChangedAt = at,
            AmountIsEstimate = amountIsEstimate,
            TransferId = transferId,
            CounterpartUnitCode = counterpartUnitCode,
            IncludedInOpening = includedInOpening,
        };
        if (!includedInOpening) Adjustments += change;
        LedgerEntries++;
        Version++;
        return entry; // the caller adds it to the ledger (db.Ledger): the frame's Entries are not loaded
    }

    public static void ValidateWeights(IReadOnlyList<int> weights, Violations v, string field = "monthly_weights")
    {
        if (weights.Count == 0) return;
        if (!v.Check(weights.Count == 12, field, $"Give exactly twelve monthly weights (got {weights.Count}), or none for an even spread.")) return;
        v.Check(weights.All(w => w >= 0), field, "Weights cannot be negative.");
        v.Check(weights.Sum(w => (long)w) > 0, field, "The weights must add up to more than zero.");
    }

    /// A reason and an optional case number (diarienummer, e.g. RS/775/2020) of a ledger entry.
    public static void ValidateReason(string reason, string caseNumber, Violations v)
    {
        if (string.IsNullOrWhiteSpace(reason)) v.Add("reason", "Every frame change needs a reason.");
        else Input.CheckText(reason, "reason", MaxReasonLength, v);
        if (Input.CheckText(caseNumber, "case_number", MaxCaseNumberLength, v) && !string.IsNullOrWhiteSpace(caseNumber))
            v.Check(CaseNumber.IsValid(caseNumber.Trim()), "case_number", "Expected a case number like RS/775/2020.");
    }

    /// Refused when the change would take the frame in force, or the sum of its ledger, outside
    /// AmountRange in a column: every later sum of frames then stays within a long.
    public FieldViolation? CheckChange(FrameAmounts change, string unitCode, string field = "change", bool includedInOpening = false)
    {
        if (includedInOpening) return null; // moves nothing; its columns are bounded like any change's
        var adjustments = Adjustments + change;
        if ((AmountRange.FirstOutside(Opening + adjustments) ?? AmountRange.FirstOutside(adjustments)) is not { } column) return null;
        return new FieldViolation($"{field}.{AmountChecks.FieldName(column)}",
            $"With this change the {Year} frame of {unitCode}, or its ledger, would pass ±{AmountRange.Show(AmountRange.MaxColumn)} SEK in that column.");
    }
}

/// One change of a frame (ramjustering). A transfer (omdisponering) is two entries sharing a TransferId.
public sealed class LedgerEntry : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid FrameId { get; init; }
    public AdjustmentKind Kind { get; init; }
    public required FrameAmounts Change { get; init; }
    public required string Reason { get; init; }
    public string? CaseNumber { get; init; }
    public required string ChangedBy { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    /// The index uplifts the 2022 plan names without a figure are recorded with an estimate, marked so.
    public bool AmountIsEstimate { get; init; }
    public Guid? TransferId { get; init; }
    public string? CounterpartUnitCode { get; init; }
    /// A change the opening frame already contains (the 2022 plan lists how its printed frames came
    /// about, e.g. 8,2 MSEK for study grants): its amount is kept, the frame in force is not moved.
    public bool IncludedInOpening { get; init; }
}

/// Diarienummer: body/number/year, e.g. RS/775/2020.
public static class CaseNumber
{
    private static readonly System.Text.RegularExpressions.Regex Pattern =
        new(@"^[A-ZÅÄÖ]{1,10}/[0-9]{1,6}/[0-9]{4}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static bool IsValid(string value) => Pattern.IsMatch(value);
}
