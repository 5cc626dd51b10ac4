using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Budget.Domain;

/// The budget levels, top down: region (tenant) → body (nämnd/styrelse) → division → area (område)
/// → department (avdelning) → unit (enhet). A unit sits anywhere below its parent's level.
public enum UnitLevel
{
    Region = 1,
    Body = 2,
    Division = 3,
    Area = 4,
    Department = 5,
    Unit = 6,
}

/// A node of the organisation tree that budget figures roll up along. Owned by this service and
/// announced by events so other services can keep a replica.
public sealed class OrgUnit : ITenantOwned
{
    public const int MaxCodeLength = Input.MaxCodeLength;
    public const int MaxNameLength = 200;
    /// Keeps every roll-up within a long (see AmountRange) and the in-memory tree small.
    public const int MaxPerTenant = 10_000;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    /// Stored in its canonical form (Input.Code: trimmed, upper case), unique per tenant.
    public required string Code { get; init; }
    public required string Name { get; set; }
    public UnitLevel Level { get; init; }
    public Guid? ParentId { get; init; }
    /// Closed from this year on: no frames, outcomes or forecasts from then.
    public int? ClosedFromYear { get; set; }
    /// Bumped on every change; the etag and the events' version.
    public int Version { get; set; } = 1;
    // The owner as four columns, all null when nobody answers for the unit (see Owner).
    public string? OwnerName { get; private set; }
    public string? OwnerEmail { get; private set; }
    public string? DeputyName { get; private set; }
    public string? DeputyEmail { get; private set; }

    public UnitOwner? Owner => OwnerName is null || OwnerEmail is null ? null : new(OwnerName, OwnerEmail, DeputyName, DeputyEmail);

    public bool IsOpenIn(int year) => ClosedFromYear is null || year < ClosedFromYear;

    /// Financing (finansförvaltning) belongs to a body, or to the region itself.
    public bool CanHaveFinancing => Level is UnitLevel.Body or UnitLevel.Region;

    public void Rename(string name)
    {
        Name = name.Trim();
        Version++;
    }

    /// Sets, replaces or (with null) removes who answers for the unit.
    public void SetOwner(UnitOwner? owner)
    {
        (OwnerName, OwnerEmail, DeputyName, DeputyEmail) = (owner?.Name, owner?.Email, owner?.DeputyName, owner?.DeputyEmail);
        Version++;
    }

    /// Closes the unit from the year on; OrgTree.WhyNotClose says whether it may.
    public void Close(int fromYear)
    {
        ClosedFromYear = fromYear;
        Version++;
    }

    /// Everything wrong with a new unit's own fields (the parent's existence is checked by the caller).
    public static IReadOnlyList<FieldViolation> Validate(string code, string name, UnitLevel? level, string parentCode)
    {
        var v = new Violations();
        CheckCode(code, "code", v);
        ValidateName(name, v);
        if (level is null) v.Add("level", "A level is required.");
        else if (level == UnitLevel.Region) v.Check(string.IsNullOrEmpty(parentCode), "parent_code", "The region is the root: it has no parent.");
        else if (string.IsNullOrWhiteSpace(parentCode)) v.Add("parent_code", "Every unit but the region needs a parent.");
        else CheckCode(parentCode, "parent_code", v);
        return v.Items;
    }

    /// A unit code as the shared code rule has it (Input.CheckCode), starting with a letter or a digit.
    public static bool CheckCode(string? code, string field, Violations v, bool required = true) =>
        Input.CheckCode(code, field, v, required, MaxCodeLength)
        && (string.IsNullOrWhiteSpace(code) || v.Check(char.IsLetter(code.Trim()[0]) || char.IsAsciiDigit(code.Trim()[0]), field, "A code starts with a letter or a digit."));

    public static void ValidateName(string name, Violations v) =>
        Input.CheckText(name, "name", MaxNameLength, v, required: true);

    /// A child must sit below its parent's level.
    public static FieldViolation? CheckPlacement(UnitLevel level, OrgUnit parent) =>
        level > parent.Level ? null
            : new FieldViolation("level", $"A {level} cannot sit under {parent.Code}, which is a {parent.Level}.");
}
