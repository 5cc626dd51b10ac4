using System.Diagnostics.Metrics;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.ServiceDefaults.Requests;

namespace Region.Reporting.ReadModel;

/// What the read model takes from an event. The sources refuse far larger amounts, unknown columns
/// and months; an event that carries one anyway is skipped (logged and counted by SkippedEvents)
/// instead of stored, because one such value would otherwise break every later report.
public static class ReadModelLimits
{
    /// 10^16 SEK (ten million MSEK) per amount: above every source's own limit, and small enough
    /// that a frame's seven columns still add up inside an int64.
    public const long MaxAmount = 10_000_000_000_000_000;

    public static bool IsAmount(long amount) => amount is >= -MaxAmount and <= MaxAmount;

    public static bool IsAmount(long? amount) => amount is not { } a || IsAmount(a);

    public static bool AreAmounts(FrameAmounts? amounts) => amounts is not null
        && IsAmount(amounts.ExternalRevenue) && IsAmount(amounts.InternalRevenue) && IsAmount(amounts.PersonnelCosts)
        && IsAmount(amounts.Pharmaceuticals) && IsAmount(amounts.OtherExternalCosts) && IsAmount(amounts.Depreciation)
        && IsAmount(amounts.InternalCosts);

    public static bool AreAmounts(FinancingData f) =>
        IsAmount(f.TaxRevenue) && IsAmount(f.GeneralStateGrants) && IsAmount(f.PharmaceuticalGrant)
        && IsAmount(f.FinancialIncome) && IsAmount(f.FinancialCosts);

    /// A code the read model can key rows by (it stores Input.Code of it).
    public static bool IsCode(string? code) => !string.IsNullOrWhiteSpace(code) && code.Trim().Length <= Input.MaxCodeLength;

    public static bool IsOptionalCode(string? code) => string.IsNullOrWhiteSpace(code) || IsCode(code);

    /// Twelve weights that spread a frame over the months: none negative (a share above the whole
    /// would multiply the frame), not all zero. Null means evenly.
    public static bool AreWeights(IReadOnlyList<int>? weights) =>
        weights is null || weights.Count == 12 && weights.All(w => w >= 0) && weights.Sum(w => (long)w) > 0;

    /// A frame column an outcome can be booked on (not Net, not an unknown number).
    public static bool IsFrameColumn(BudgetColumn column) => column is >= BudgetColumn.ExternalRevenue and <= BudgetColumn.InternalCosts;

    /// A goal outcome's scopes: as many as a target may have (20), each named by a code-like scope ("RJH").
    public static bool AreScopes(IReadOnlyList<ScopeOutcomeData>? scopes) =>
        scopes is null || scopes.Count <= 20 && scopes.All(s => IsCode(s.Scope) && IsOptionalCode(s.Unit) && IsOptionalCode(s.Status) && IsOptionalCode(s.Bound));

    public static bool IsPeriod(Period period) => Period.TryCreate(period.Year, period.Kind, period.Number) == period;

    public static bool IsFrame(FrameState f) =>
        IsCode(f.UnitCode) && Period.IsValidYear(f.Year) && AreAmounts(f.Opening) && AreAmounts(f.Current) && AreWeights(f.MonthlyWeights);
}

/// Logs and counts the events (or lines of one) the consumers skip because the read model cannot
/// hold their values; region.reporting.events_skipped says how many, by event and reason.
public sealed class SkippedEvents(ILogger<SkippedEvents> logger)
{
    static readonly Meter Meter = new("reporting");
    static readonly Counter<long> Skipped = Meter.CreateCounter<long>(
        "region.reporting.events_skipped", description: "Events or event lines the read model skipped because their values are out of range.");

    public void Add(IIntegrationEvent message, string reason, int count = 1)
    {
        logger.LogWarning("Skipped {Count} part(s) of {Event} {EventId} of {Tenant}: {Reason}",
            count, message.GetType().Name, message.EventId, message.Tenant, reason);
        Skipped.Add(count, new KeyValuePair<string, object?>("event", message.GetType().Name), new KeyValuePair<string, object?>("reason", reason));
    }
}
