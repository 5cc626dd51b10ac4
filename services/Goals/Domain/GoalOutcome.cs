namespace Region.Goals.Domain;

/// A goal's outcome for a period; the newest version is what its status is computed from.
/// FullYearForecast: what the measure is expected to reach by the year's end (helårsprognos, seed 003
/// asks the annual report for it beside time series and trend), recorded with an outcome of a period within the year.
public sealed class GoalOutcome : RecordedOutcome
{
    public Guid GoalId { get; init; }
    public decimal? FullYearForecast { get; init; }
    /// For a goal with a target per scope, each scope's value in the target's order; null for a total only.
    public IReadOnlyList<ScopeOutcome>? Scopes { get; init; }
}
