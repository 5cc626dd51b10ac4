using Microsoft.EntityFrameworkCore;

namespace Region.ServiceDefaults.OrgUnits;

/// A tenant's replicated units as a tree, for subtree queries and roll-ups; built from one query.
public sealed class OrgUnitReplicaTree
{
    private readonly Dictionary<string, OrgUnitReplica> _byCode;
    private readonly Dictionary<string, List<OrgUnitReplica>> _children;

    public OrgUnitReplicaTree(IEnumerable<OrgUnitReplica> units)
    {
        _byCode = units.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);
        _children = _byCode.Values.Where(u => u.ParentCode is not null)
            .GroupBy(u => u.ParentCode!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(u => u.Code, StringComparer.Ordinal).ToList(), StringComparer.OrdinalIgnoreCase);
    }

    /// The caller's tenant's units (the DbContext's tenant filter applies).
    public static async Task<OrgUnitReplicaTree> LoadAsync(IOrgUnitReplicaDb db, CancellationToken ct) =>
        new(await db.OrgUnits.AsNoTracking().ToListAsync(ct));

    public OrgUnitReplica? Find(string code) => _byCode.GetValueOrDefault(code);

    public string? ParentCode(string code) => Find(code)?.ParentCode;

    /// The unit and everything below it, depth first (parents before children).
    public IReadOnlyList<OrgUnitReplica> Subtree(string rootCode)
    {
        var result = new List<OrgUnitReplica>();
        if (Find(rootCode) is not { } root) return result;
        var stack = new Stack<OrgUnitReplica>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var unit = stack.Pop();
            result.Add(unit);
            if (_children.TryGetValue(unit.Code, out var children))
                for (var i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
        return result;
    }

    /// The codes of the unit's subtree, for filtering rows by unit.
    public HashSet<string> SubtreeCodes(string rootCode) =>
        Subtree(rootCode).Select(u => u.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// Whether the unit is `rootCode` or lies below it; false for a unit the replica does not know.
    public bool IsWithin(string code, string rootCode) =>
        SelfAndAncestors(code).Any(u => string.Equals(u.Code, rootCode, StringComparison.OrdinalIgnoreCase));

    /// The unit itself and its ancestors, nearest first; stops at a missing parent or a cycle.
    public IEnumerable<OrgUnitReplica> SelfAndAncestors(string code)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var u = Find(code); u is not null && seen.Add(u.Code); u = u.ParentCode is { } p ? Find(p) : null)
            yield return u;
    }
}
