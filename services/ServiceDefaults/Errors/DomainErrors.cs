namespace Region.ServiceDefaults.Errors;

/// One thing wrong with a request: the field (proto field path, e.g. "rows[2].unit_code") and why.
public sealed record FieldViolation(string Field, string Description);

/// Collects every violation of a request so the caller hears about all of them at once.
public sealed class Violations
{
    private readonly List<FieldViolation> _items = [];

    public IReadOnlyList<FieldViolation> Items => _items;
    public bool Any => _items.Count > 0;

    public Violations Add(string field, string description)
    {
        _items.Add(new FieldViolation(field, description));
        return this;
    }

    /// Adds the violation when the condition does not hold; returns the condition.
    public bool Check(bool condition, string field, string description)
    {
        if (!condition) Add(field, description);
        return condition;
    }

    public void AddRange(IEnumerable<FieldViolation> violations) => _items.AddRange(violations);

    public void ThrowIfAny()
    {
        if (Any) throw new ValidationFailedException(_items);
    }
}

/// The base of the errors a service reports on purpose; the gRPC layer maps each to a status code.
public abstract class DomainException(string message) : Exception(message);

/// INVALID_ARGUMENT with a google.rpc.BadRequest listing every violation.
public sealed class ValidationFailedException(IReadOnlyList<FieldViolation> violations)
    : DomainException(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;
}

/// NOT_FOUND.
public sealed class NotFoundException(string message) : DomainException(message);

/// ALREADY_EXISTS.
public sealed class AlreadyExistsException(string message) : DomainException(message);

/// FAILED_PRECONDITION: the request is valid but the resource's state forbids it (a closed year, an adopted revision).
public sealed class FailedPreconditionException(string message) : DomainException(message);

/// ABORTED: somebody else changed the resource since the caller read it (stale etag).
public sealed class ConcurrencyConflictException(string message) : DomainException(message);

/// RESOURCE_EXHAUSTED: a limit of the caller or the server is reached (e.g. open report streams); retry later.
public sealed class ResourceExhaustedException(string message) : DomainException(message);

/// UNAUTHENTICATED: no valid access token (missing, expired, wrong issuer or audience, bad signature).
public sealed class UnauthenticatedException(string message) : DomainException(message);

/// PERMISSION_DENIED: a valid token that does not allow this call (role, tenant, unit scope).
public sealed class PermissionDeniedException(string message) : DomainException(message);

/// UNAVAILABLE: something the call needs cannot be reached right now (the identity provider); retry.
public sealed class UnavailableException(string message) : DomainException(message);
