using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Tenancy;

namespace Region.Goals.Domain;

public enum RevisionStatus
{
    Draft = 1,
    Adopted = 2,
}

/// One revision of a plan. A draft is editable; adopting it freezes it, and the next change of the
/// plan starts a new revision as a copy of it.
public sealed class PlanRevision : ITenantOwned
{
    public const int MaxNoteLength = 1000;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid PlanId { get; init; }
    public int Number { get; init; }
    public RevisionStatus Status { get; private set; } = RevisionStatus.Draft;
    public required PlanContent Content { get; set; }
    public string? Note { get; set; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateOnly? AdoptedOn { get; private set; }
    public string? AdoptedBy { get; private set; }
    /// Grows with every edit; the etag callers send back.
    public int Version { get; set; } = 1;

    public void EnsureDraft()
    {
        if (Status != RevisionStatus.Draft)
            throw new FailedPreconditionException($"Revision {Number} was adopted on {AdoptedOn:yyyy-MM-dd} and is frozen; start a new revision to change the plan.");
    }

    /// Changes the content of a draft; the change function returns the new content.
    public void Edit(Func<PlanContent, PlanContent> change)
    {
        EnsureDraft();
        Content = change(Content);
        Version++;
    }

    /// Freezes the revision. Every goal and activity gets a new version, since the revision in force is part of their state.
    public void Adopt(DateOnly on, string by)
    {
        EnsureDraft();
        Status = RevisionStatus.Adopted;
        AdoptedOn = on;
        AdoptedBy = by;
        Content = Content with
        {
            Goals = Content.Goals.Select(g => g with
            {
                Version = g.Version + 1,
                Activities = g.Activities.Select(a => a with { Version = a.Version + 1 }).ToList(),
            }).ToList(),
        };
        Version++;
    }
}
