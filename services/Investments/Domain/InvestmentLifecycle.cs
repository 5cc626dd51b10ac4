namespace Region.Investments.Domain;

public enum InvestmentStatus
{
    Planned = 1,
    Decided = 2,
    Started = 3,
    Completed = 4,
    Cancelled = 5,
}

/// The allowed status steps: planned → decided → started → completed, or cancelled before completion.
public static class InvestmentLifecycle
{
    public static bool CanMove(InvestmentStatus from, InvestmentStatus to) => (from, to) switch
    {
        (InvestmentStatus.Planned, InvestmentStatus.Decided) => true,
        (InvestmentStatus.Decided, InvestmentStatus.Started) => true,
        (InvestmentStatus.Started, InvestmentStatus.Completed) => true,
        (InvestmentStatus.Planned or InvestmentStatus.Decided or InvestmentStatus.Started, InvestmentStatus.Cancelled) => true,
        _ => false,
    };
}
