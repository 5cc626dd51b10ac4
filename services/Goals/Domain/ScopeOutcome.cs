using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Goals.Domain;

/// One scope's value in an outcome of a goal with a target per scope: sick leave 5,1 for RJH.
public sealed record ScopeOutcome(string Scope, decimal Value);

/// How the rule judged one scope's value against its own scope's target with the target's bound (Target
/// null when a revision of the plan has since dropped the scope from the target).
public sealed record ScopeStatus(string Scope, decimal Value, Bound Bound, ScopedValue? Target, ComputedStatus Status);

/// The scope values a recording sends for a goal with a target per scope ("4,8 % (RJH) 4,8 % (RS)").
public static class ScopeOutcomes
{
    /// Each value sent must name a scope of the target, once, and every scope of the target needs its
    /// value: a scope left out would let the goal turn green on the scopes that did well. Returns the
    /// values in the target's order under the target's spelling of each scope (empty when nothing fits).
    /// field is the request's path to the list; sent values are null where the request had none.
    public static IReadOnlyList<ScopeOutcome> Check(Target target, IReadOnlyList<(string Scope, decimal? Value)> sent, string field, Violations v)
    {
        if (sent.Count == 0) return [];
        if (target is not PerScopeTarget perScope)
        {
            v.Add(field, $"The goal's target {Input.Quote(target.Text)} is not a target per scope; send the outcome as a total.");
            return [];
        }
        var names = string.Join(", ", perScope.Scopes.Select(s => s.Scope));
        var given = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var before = v.Items.Count;
        for (var i = 0; i < sent.Count; i++)
        {
            var (scope, value) = (sent[i].Scope.Trim(), sent[i].Value);
            if (perScope.Scopes.FirstOrDefault(s => string.Equals(s.Scope, scope, StringComparison.OrdinalIgnoreCase)) is not { } known)
                v.Add($"{field}[{i}].scope", $"{Input.Quote(scope)} is not a scope of the target {Input.Quote(perScope.Text)} ({names}).");
            else if (!named.Add(known.Scope))
                v.Add($"{field}[{i}].scope", $"{known.Scope} is given more than once.");
            if (value is { } d) given.TryAdd(scope, d);
            else v.Add($"{field}[{i}].value", $"The value for {scope} is missing.");
        }
        foreach (var missing in perScope.Scopes.Where(s => !named.Contains(s.Scope)))
            v.Add(field, $"The value for {missing.Scope} is missing: a target per scope is judged on every one of its scopes ({names}).");
        return v.Items.Count == before ? perScope.Scopes.Select(s => new ScopeOutcome(s.Scope, given[s.Scope])).ToList() : [];
    }
}
