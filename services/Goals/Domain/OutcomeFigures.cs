using Region.ServiceDefaults.Errors;

namespace Region.Goals.Domain;

/// The values of one outcome: the total and, where the goal is measured by gender ("Samtliga mål ...
/// ska om möjligt mäta könsfördelning"), the values for women/girls and men/boys.
public sealed record OutcomeFigures(decimal? Total, decimal? Women, decimal? Men)
{
    /// Without a total the total is women + men, so a breakdown alone still gives a status.
    public decimal? TotalOrSum => Total ?? Women + Men;

    /// An outcome needs at least one value, each within PlanValue's range, and a total made of women + men
    /// must be within it too: refused now rather than stored and failing whoever adds it up later.
    /// field is the request's path to the values. With values per scope (perScope) a total is optional.
    public void Validate(string field, Violations v, bool perScope = false)
    {
        v.Check(perScope || Total is not null || Women is not null || Men is not null, $"{field}.total", "An outcome needs at least one value.");
        var inRange = Check(Total, $"{field}.total", v) & Check(Women, $"{field}.women", v) & Check(Men, $"{field}.men", v);
        if (inRange && Total is null && Women + Men is { } sum)
            v.Check(PlanValue.InRange(sum), $"{field}.total", $"Women + men, the total, must be {PlanValue.Range}; send the total.");
    }

    private static bool Check(decimal? value, string field, Violations v) =>
        value is not { } d || v.Check(PlanValue.InRange(d), field, $"Must be {PlanValue.Range}.");
}
