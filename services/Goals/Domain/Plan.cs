using Region.Contracts.Goals;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Goals.Domain;

/// Verksamhetsplan: a body's plan for a year, with its case number (diarienummer), the decision
/// reference and every revision. One plan per body and year.
public sealed class Plan : ITenantOwned
{
    /// The name and the decision reference.
    public const int MaxTextLength = 300;
    /// A diarienummer such as "RS/425/2021".
    public const int MaxCaseNumberLength = 40;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string BodyCode { get; init; }
    public int Year { get; init; }
    public required string Name { get; set; }
    public string? CaseNumber { get; set; }
    public string? DecisionReference { get; set; }
    /// The lower edge of the yellow band in percent of target (90: 90-99.9 % is yellow).
    public decimal YellowFromPercent { get; set; } = GoalStatusRule.DefaultYellowFromPercent;
    /// The plan's words for its levels and statuses as created; null (older plans) is the default.
    public PlanVocabulary? Vocabulary { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// Grows with every change of the plan or of which revision is in force.
    public int Version { get; set; } = 1;
    public List<PlanRevision> Revisions { get; init; } = [];

    public GoalStatusRule Rule => new(YellowFromPercent);

    /// The vocabulary with every word it leaves out taken from the default.
    public PlanVocabulary Words => PlanVocabulary.Complete(Vocabulary);

    public PlanRevision Latest => Revisions.MaxBy(r => r.Number) ?? throw new InvalidOperationException("A plan always has a revision.");

    /// The newest adopted revision: the plan in force. Null before the first adoption.
    public PlanRevision? InForce => Revisions.Where(r => r.Status == RevisionStatus.Adopted).MaxBy(r => r.Number);

    public PlanRevision Revision(int number) =>
        Revisions.SingleOrDefault(r => r.Number == number) ?? throw new NotFoundException($"Plan {BodyCode} {Year} has no revision {number}.");

    public static Plan Create(string bodyCode, int year, string name, string? caseNumber, string? decisionReference,
        decimal yellowFromPercent, PlanContent content, string by, DateTimeOffset at, PlanVocabulary? vocabulary = null)
    {
        var plan = new Plan
        {
            BodyCode = bodyCode, Year = year, Name = name, CaseNumber = caseNumber, DecisionReference = decisionReference,
            YellowFromPercent = yellowFromPercent, CreatedAt = at, Vocabulary = vocabulary is null ? null : PlanVocabulary.Complete(vocabulary),
        };
        plan.Revisions.Add(new PlanRevision { PlanId = plan.Id, Number = 1, Content = content, CreatedBy = by, CreatedAt = at });
        return plan;
    }

    /// The plan's own fields as a request sends them (body and year are checked with PlanName).
    public static void ValidateHeader(string? name, string? caseNumber, string? decisionReference, decimal yellowFromPercent, Violations v)
    {
        Input.CheckText(name, "name", MaxTextLength, v, required: true);
        Input.CheckText(caseNumber, "case_number", MaxCaseNumberLength, v);
        Input.CheckText(decisionReference, "decision_reference", MaxTextLength, v);
        v.Check(yellowFromPercent == 0m || GoalStatusRule.IsValidYellowFrom(yellowFromPercent), "yellow_from_percent",
            "Above 0 and below 100, at most 6 decimals (0 or empty means the default, 90).");
    }

    /// Opens a new draft revision as a copy of the latest one, which must be adopted.
    public PlanRevision StartRevision(string? note, string by, DateTimeOffset at)
    {
        var latest = Latest;
        if (latest.Status == RevisionStatus.Draft)
            throw new FailedPreconditionException($"Revision {latest.Number} of plan {BodyCode} {Year} is still a draft; edit it or adopt it first.");
        var revision = new PlanRevision
        {
            Tenant = Tenant, PlanId = Id, Number = latest.Number + 1, Content = latest.Content, Note = note, CreatedBy = by, CreatedAt = at,
        };
        Revisions.Add(revision);
        Version++;
        return revision;
    }

    /// Adopts the draft revision: from now on it is the plan in force.
    public void Adopt(PlanRevision revision, DateOnly on, string by)
    {
        revision.Adopt(on, by);
        Version++;
    }
}
