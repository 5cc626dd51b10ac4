namespace Region.Contracts.Events;

// Events of the notifications service (issue 20: reminders). The reminder job publishes them; the
// same service's mail consumer turns each into one digest mail.

/// One thing a unit has not reported for the period (reporting's MissingReportKind by name:
/// GoalOutcome, GoalAnalysis, ActivityStatus, Forecast, BudgetOutcome), or, as the last of a
/// unit's items, Kind More: how many more there are than a digest lists.
public sealed record MissingItemData(string Kind, string Subject, string Detail)
{
    public const string More = "More";
}

/// A unit the person answers for, its deputy (if any) and what it has not reported.
public sealed record MissingUnitData(string UnitCode, string UnitName, string? DeputyName, string? DeputyEmail, IReadOnlyList<MissingItemData> Items);

/// Påminnelse: everything one person has not reported for a body's period, at one reminder stage
/// (DaysBefore days before the deadline; 0 with Overdue for the notice after it has passed).
/// OwnerEmail is as the budget service announced it, one digest per address.
public sealed record ReportsMissing(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt,
    string BodyCode, string Period, string PeriodLabel, DateOnly DueDate, DateOnly MeetingDate,
    int DaysBefore, bool Overdue, string OwnerName, string OwnerEmail,
    IReadOnlyList<MissingUnitData> Units) : INotificationsEvent;
