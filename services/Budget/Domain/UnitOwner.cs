using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Budget.Domain;

/// The person who answers for a unit (ansvarig): its goals' outcomes, its forecast and budget
/// follow-up, and the reminders about them; optionally a deputy (ersättare) who gets them too.
public sealed record UnitOwner(string Name, string Email, string? DeputyName, string? DeputyEmail)
{
    public const int MaxNameLength = 200;

    /// Every violation of an owner as sent; field names are under the given prefix ("owner").
    /// A deputy is both a name and an address, or neither.
    public static IReadOnlyList<FieldViolation> Validate(string name, string email, string? deputyName, string? deputyEmail, string prefix)
    {
        var v = new Violations();
        Input.CheckText(name, $"{prefix}.name", MaxNameLength, v, required: true);
        Input.CheckEmail(email, $"{prefix}.email", v);
        var hasName = !string.IsNullOrWhiteSpace(deputyName);
        var hasEmail = !string.IsNullOrWhiteSpace(deputyEmail);
        if (hasName || hasEmail)
        {
            Input.CheckText(deputyName, $"{prefix}.deputy_name", MaxNameLength, v, required: true);
            Input.CheckEmail(deputyEmail, $"{prefix}.deputy_email", v);
        }
        return v.Items;
    }

    /// The owner as stored: trimmed, the deputy null when none was sent.
    public static UnitOwner Create(string name, string email, string? deputyName, string? deputyEmail) =>
        new(name.Trim(), email.Trim(), Input.NullIfBlank(deputyName), Input.NullIfBlank(deputyEmail));
}
