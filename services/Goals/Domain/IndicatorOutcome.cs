using Region.Contracts.Periods;

namespace Region.Goals.Domain;

/// An indicator's outcome for a period (a time series, no status); history kept like goal outcomes.
public sealed class IndicatorOutcome : RecordedOutcome
{
    public Guid IndicatorId { get; init; }

    /// The next version of the indicator's outcome for the period, after `recorded` earlier ones.
    public static IndicatorOutcome Next(Guid planId, Indicator indicator, Period period, int recorded, OutcomeFigures figures,
        string? source, string? comment, string by, DateTimeOffset at) => new()
    {
        PlanId = planId, IndicatorId = indicator.Id, Year = period.Year, PeriodKind = period.Kind, PeriodNumber = period.Number,
        Total = figures.TotalOrSum, Women = figures.Women, Men = figures.Men, Source = source, Comment = comment,
        RecordedBy = by, RecordedAt = at, Version = recorded + 1,
    };
}
