using Region.Contracts.Periods;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// A goal's outcome and status for one period; the two arrive separately, each with its version.
public sealed class GoalPeriodRow : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid GoalId { get; init; }
    public int Year { get; init; }
    public PeriodKind PeriodKind { get; init; }
    public int PeriodNumber { get; init; }
    /// Green, Yellow, Red or NotMeasurable; null until assessed.
    public string? Status { get; set; }
    public string? Basis { get; set; }
    public string? Analysis { get; set; }
    public int StatusVersion { get; set; }
    public decimal? OutcomeTotal { get; set; }
    public decimal? OutcomeWomen { get; set; }
    public decimal? OutcomeMen { get; set; }
    public int OutcomeVersion { get; set; }
    /// The outcome is made-up example data (GoalOutcomeRecorded.Invented): the report says so.
    public bool OutcomeInvented { get; set; }
    /// The full-year forecast recorded with the outcome (GoalOutcomeRecorded.FullYearForecast).
    public decimal? OutcomeForecast { get; set; }
    /// The outcome's value per scope with the status the goals service's rule gave each (GoalOutcomeRecorded.Scopes);
    /// null for an outcome with only a total.
    public List<GoalScopeOutcome>? OutcomeScopes { get; set; }

    /// An empty row for the goal and period, before its status or outcome is applied.
    public static GoalPeriodRow For(Guid goalId, Period period) =>
        new() { GoalId = goalId, Year = period.Year, PeriodKind = period.Kind, PeriodNumber = period.Number };
}

/// One scope's value of a goal's outcome against that scope's target, as announced (ScopeOutcomeData).
public sealed record GoalScopeOutcome(string Scope, decimal Value, string Status, string? Bound, decimal? TargetValue, string? Unit);
