using Region.ServiceDefaults.Errors;
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
    public const int MaxCodeLength = 40;
    public const int MaxNameLength = 200;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string Code { get; init; }
    public required string Name { get; set; }
    public UnitLevel Level { get; init; }
    public Guid? ParentId { get; init; }
    /// Closed from this year on: no frames, outcomes or forecasts from then.
    public int? ClosedFromYear { get; set; }
    /// Bumped on every change; the etag and the events' version.
    public int Version { get; set; } = 1;

    public bool IsOpenIn(int year) => ClosedFromYear is null || year < ClosedFromYear;

    /// Financing (finansförvaltning) belongs to a body, or to the region itself.
    public bool CanHaveFinancing => Level is UnitLevel.Body or UnitLevel.Region;

    public void Rename(string name)
    {
        Name = name.Trim();
        Version++;
    }

    /// Closes the unit from the year on; OrgTree.WhyNotClose says whether it may.
    public void Close(int fromYear)
    {
        ClosedFromYear = fromYear;
        Version++;
    }

    public static bool IsValidCode(string code) =>
        code.Length is > 0 and <= MaxCodeLength
        && char.IsLetterOrDigit(code[0])
        && code.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.');

    /// Everything wrong with a new unit's own fields (the parent's existence is checked by the caller).
    public static IReadOnlyList<FieldViolation> Validate(string code, string name, UnitLevel? level, string parentCode)
    {
        var v = new Violations();
        if (string.IsNullOrWhiteSpace(code)) v.Add("code", "A code is required.");
        else v.Check(IsValidCode(code), "code", $"Use 1-{MaxCodeLength} letters, digits, '-', '_' or '.', starting with a letter or digit.");
        ValidateName(name, v);
        if (level is null) v.Add("level", "A level is required.");
        else if (level == UnitLevel.Region) v.Check(string.IsNullOrEmpty(parentCode), "parent_code", "The region is the root: it has no parent.");
        else v.Check(!string.IsNullOrWhiteSpace(parentCode), "parent_code", "Every unit but the region needs a parent.");
        return v.Items;
    }

    public static void ValidateName(string name, Violations v)
    {
        if (string.IsNullOrWhiteSpace(name)) v.Add("name", "A name is required.");
        else v.Check(name.Length <= MaxNameLength, "name", $"At most {MaxNameLength} characters.");
    }

    /// A child must sit below its parent's level.
    public static FieldViolation? CheckPlacement(UnitLevel level, OrgUnit parent) =>
        level > parent.Level ? null
            : new FieldViolation("level", $"A {level} cannot sit under {parent.Code}, which is a {parent.Level}.");
}
