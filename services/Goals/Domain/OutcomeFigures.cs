using Region.ServiceDefaults.Errors;

namespace Region.Goals.Domain;

/// The values of one outcome: the total and, where the goal is measured by gender ("Samtliga mål ...
/// ska om möjligt mäta könsfördelning"), the values for women/girls and men/boys.
public sealed record OutcomeFigures(decimal? Total, decimal? Women, decimal? Men)
{
    /// Without a total the total is women + men, so a breakdown alone still gives a status.
    public decimal? TotalOrSum => Total ?? Women + Men;

    /// An outcome needs at least one value; field is the request's path to the values.
    public void Validate(string field, Violations v) =>
        v.Check(Total is not null || Women is not null || Men is not null, $"{field}.total", "An outcome needs at least one value.");
}
