using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Region.ServiceDefaults.Requests;

namespace Region.ServiceDefaults.OrgUnits;

/// A tenant's replicated units as a tree, for subtree queries and roll-ups; built from one query.
/// Codes are compared in their canonical form (Input.Code), whatever case a caller uses.
public sealed class OrgUnitReplicaTree
{
    private readonly Dictionary<string, OrgUnitReplica> _byCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OrgUnitReplica>> _children;
    private readonly List<string> _duplicates = [];

    /// Two rows for one canonical code (replicated before codes were canonical) must not make the
    /// tree unloadable, which would break every call of the tenant: the row already in canonical
    /// form, else the newest, is kept; the others are left out (Duplicates) until the consumer removes them.
    public OrgUnitReplicaTree(IEnumerable<OrgUnitReplica> units)
    {
        foreach (var unit in units.OrderBy(u => u.Code == Input.Code(u.Code) ? 0 : 1).ThenByDescending(u => u.Version).ThenBy(u => u.Id))
            if (!_byCode.TryAdd(Input.Code(unit.Code), unit)) _duplicates.Add(unit.Code);
        _children = _byCode.Values.Where(u => u.ParentCode is not null)
            .GroupBy(u => Input.Code(u.ParentCode!), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(u => u.Code, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    /// The caller's tenant's units (the DbContext's tenant filter applies). Duplicates are logged.
    public static async Task<OrgUnitReplicaTree> LoadAsync(IOrgUnitReplicaDb db, CancellationToken ct)
    {
        var tree = new OrgUnitReplicaTree(await db.OrgUnits.AsNoTracking().ToListAsync(ct));
        if (tree.Duplicates.Count > 0 && db is DbContext context)
            context.GetService<ILoggerFactory>().CreateLogger<OrgUnitReplicaTree>()
                .LogWarning("Replicated units left out of the tree, their codes differ only in case from others: {Codes}", tree.Duplicates);
        return tree;
    }

    /// The codes of the rows left out because another row has the same canonical code.
    public IReadOnlyList<string> Duplicates => _duplicates;

    public OrgUnitReplica? Find(string code) => _byCode.GetValueOrDefault(Input.Code(code));

    /// How many units the region has (none: a region whose budget is not imported yet).
    public int Count => _byCode.Count;

    /// The region's unit codes, as stored (for "did you mean").
    public IReadOnlyCollection<string> Codes => _byCode.Values.Select(u => u.Code).ToList();

    public string? ParentCode(string code) => Find(code)?.ParentCode;

    /// The unit and everything below it, depth first (parents before children); a unit met twice
    /// (a replica whose parent codes loop) is listed once.
    public IReadOnlyList<OrgUnitReplica> Subtree(string rootCode)
    {
        var result = new List<OrgUnitReplica>();
        if (Find(rootCode) is not { } root) return result;
        var seen = new HashSet<OrgUnitReplica>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<OrgUnitReplica>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var unit = stack.Pop();
            if (!seen.Add(unit)) continue;
            result.Add(unit);
            if (_children.TryGetValue(Input.Code(unit.Code), out var children))
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
