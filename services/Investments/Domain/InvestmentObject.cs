using System.Globalization;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Investments.Domain;

/// One investment object (benämning/objekt) of a plan, with its lifecycle and follow-up figures.
public sealed class InvestmentObject : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid PlanId { get; init; }
    /// The plan's body and year, kept on the object for queries across plans.
    public required string BodyCode { get; init; }
    public int Year { get; init; }
    public required string UnitCode { get; set; }
    public required string Name { get; set; }
    public InvestmentKind Kind { get; set; }
    public InvestmentCategory Category { get; set; }
    public long Amount { get; set; }
    public Financing Financing { get; set; }
    /// The plan's pool for urgent investments (pott för akuta investeringar) as its own line.
    public bool UrgentPool { get; set; }
    public InvestmentStatus Status { get; set; } = InvestmentStatus.Planned;
    public string? DecisionReference { get; set; }
    public long SpentToDate { get; set; }
    public DateOnly? SpentAsOf { get; set; }
    public long? Forecast { get; set; }
    public DateOnly? ForecastAsOf { get; set; }
    /// The last spending or forecast recorded is made-up example data (a demo's *.invented.yaml).
    public bool FiguresInvented { get; set; }
    public required string ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    /// Bumped on every change; the etag and the events' version.
    public int Version { get; set; } = 1;
    public List<ObjectChange> History { get; init; } = [];

    public const int MaxRequestIdLength = 100;
    /// A plan holds at most this many objects, as many as one imported table (PlanTable.MaxRows).
    public const int MaxPerPlan = PlanTable.MaxRows;
    /// GetObject shows at most this many changes, the latest.
    public const int MaxHistoryShown = 1000;

    /// The client's id for the AddObject call that created it, so a retry finds it (see AddObject).
    public string? RequestId { get; set; }
    /// ObjectFields.Fingerprint of that call, so a reused id with other values is told apart from a retry.
    public string? RequestHash { get; set; }

    public bool IsDecided => Status is InvestmentStatus.Decided or InvestmentStatus.Started or InvestmentStatus.Completed;

    public void Apply(ObjectFields f, string user, DateTimeOffset at)
    {
        if (Status is InvestmentStatus.Completed or InvestmentStatus.Cancelled)
            throw new FailedPreconditionException($"Object {Input.Quote(Name)} is {Status}; it can no longer change.");
        f = f.Normalized();
        UnitCode = f.UnitCode;
        Name = f.Name;
        Kind = f.Kind!.Value;
        Category = f.Category!.Value;
        Amount = f.Amount;
        Financing = f.Financing!.Value;
        UrgentPool = f.UrgentPool;
        Touch("changed", user, at);
    }

    /// Moves along the lifecycle; an illegal step is FAILED_PRECONDITION. Deciding without a reference
    /// of its own rests on the plan's decision, when the plan has one.
    public InvestmentStatus ChangeStatus(InvestmentStatus to, string? decisionReference, string user, DateTimeOffset at, string? planDecisionReference = null)
    {
        var from = Status;
        if (!InvestmentLifecycle.CanMove(from, to))
            throw new FailedPreconditionException($"Object {Input.Quote(Name)} cannot go from {from} to {to}.");
        var reference = string.IsNullOrWhiteSpace(decisionReference) ? DecisionReference : decisionReference.Trim();
        if (to == InvestmentStatus.Decided) reference ??= planDecisionReference;
        if (to == InvestmentStatus.Decided && reference is null)
            throw new FailedPreconditionException($"Deciding {Input.Quote(Name)} needs a decision reference (body, date, paragraph).");
        Status = to;
        DecisionReference = reference;
        Touch($"status {from} → {to}", user, at);
        return from;
    }

    /// Spending to date replaces the previous figure; money is spent only on what was decided.
    public void RecordSpending(long spentToDate, DateOnly asOf, string user, DateTimeOffset at, bool invented = false)
    {
        RequireNotCancelled("spending");
        if (!IsDecided)
            throw new FailedPreconditionException($"Object {Input.Quote(Name)} is {Status}; spending is recorded once it is decided.");
        if (SpentAsOf is { } previous && asOf < previous)
            throw new FailedPreconditionException($"Object {Input.Quote(Name)} already has spending as of {previous:yyyy-MM-dd}; {asOf:yyyy-MM-dd} is older.");
        SpentToDate = spentToDate;
        SpentAsOf = asOf;
        FiguresInvented = invented;
        Touch("spending recorded", user, at);
    }

    /// The full-year forecast replaces the previous one.
    public void RecordForecast(long forecast, DateOnly asOf, string user, DateTimeOffset at, bool invented = false)
    {
        RequireNotCancelled("forecast");
        Forecast = forecast;
        ForecastAsOf = asOf;
        FiguresInvented = invented;
        Touch("forecast recorded", user, at);
    }

    /// Spending and forecast: an amount from 0 to InvestmentFigures.MaxAmount and a day in the plan's year.
    public static DateOnly? ValidateFigure(long amount, string amountField, string asOf, string asOfField, int year, Violations v)
    {
        InvestmentFigures.CheckAmount(amount, amountField, v, zeroAllowed: true);
        if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            v.Add(asOfField, "A day as yyyy-MM-dd, e.g. 2022-08-31.");
            return null;
        }
        return v.Check(day.Year == year, asOfField, $"A day in the plan's year {year}.") ? day : null;
    }

    private void RequireNotCancelled(string what)
    {
        if (Status is InvestmentStatus.Cancelled)
            throw new FailedPreconditionException($"Object {Input.Quote(Name)} is cancelled; it takes no {what}.");
    }

    private void Touch(string what, string user, DateTimeOffset at)
    {
        Version++;
        ChangedBy = user;
        ChangedAt = at;
        History.Add(new ObjectChange { ObjectId = Id, What = what, Status = Status, DecisionReference = DecisionReference, ChangedBy = user, ChangedAt = at });
    }

    /// A new object of the plan, planned, or decided when it comes with the plan's decision.
    public static InvestmentObject Create(InvestmentPlan plan, ObjectFields f, InvestmentStatus status, string? decisionReference, string user, DateTimeOffset at)
    {
        if (status == InvestmentStatus.Decided && decisionReference is null)
            throw new FailedPreconditionException($"Deciding {Input.Quote(f.Name)} needs a decision reference (body, date, paragraph).");
        f = f.Normalized();
        var o = new InvestmentObject
        {
            PlanId = plan.Id, BodyCode = plan.BodyCode, Year = plan.Year, UnitCode = f.UnitCode, Name = f.Name, Kind = f.Kind!.Value, Category = f.Category!.Value,
            Amount = f.Amount, Financing = f.Financing!.Value, UrgentPool = f.UrgentPool, Status = status,
            DecisionReference = decisionReference, ChangedBy = user, ChangedAt = at,
        };
        o.History.Add(new ObjectChange { ObjectId = o.Id, What = "added", Status = status, DecisionReference = decisionReference, ChangedBy = user, ChangedAt = at });
        return o;
    }
}

/// One change of an object: who, when, and the decision it rests on.
public sealed class ObjectChange : ITenantOwned
{
    public long Id { get; init; }
    public string Tenant { get; set; } = "";
    public Guid ObjectId { get; init; }
    public required string What { get; init; }
    public InvestmentStatus Status { get; init; }
    public string? DecisionReference { get; init; }
    public required string ChangedBy { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
}
