using Region.Contracts.Budget;
using Region.ServiceDefaults.Requests;

namespace Region.Budget.Domain;

/// What identifies one state of a tenant's tree: the number of units and the sum of their versions.
/// Units are never deleted and every change of a unit bumps its Version (its etag), so any change
/// moves this.
public readonly record struct TreeVersion(int Units, long VersionSum);

/// The org units of a tenant as a tree, for subtree listings and roll-ups. A region has at most a
/// few thousand units, so the tree is built in memory from one query.
public sealed class OrgTree
{
    private readonly Dictionary<Guid, OrgUnit> _byId;
    private readonly Dictionary<string, OrgUnit> _byCode = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, List<OrgUnit>> _children;
    private readonly HashSet<Guid> _duplicates = [];

    /// Two units whose codes differ only in case or spaces cannot be stored any more (a unique
    /// index on the canonical code), but a tree that cannot load would break every call of the
    /// tenant: such a unit is left out of the tree (Duplicates names it) and the first one kept.
    public OrgTree(IEnumerable<OrgUnit> units)
    {
        var all = units.OrderBy(u => u.Id).ToList();
        _byId = all.ToDictionary(u => u.Id);
        Version = new TreeVersion(all.Count, all.Sum(u => (long)u.Version));
        foreach (var unit in all)
            if (!_byCode.TryAdd(Input.Code(unit.Code), unit)) _duplicates.Add(unit.Id);
        _children = all.Where(u => u.ParentId is not null && !_duplicates.Contains(u.Id))
            .GroupBy(u => u.ParentId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(u => u.Code, StringComparer.Ordinal).ToList());
    }

    /// The state of the units the tree was built from (OrgTreeCache reuses it while this holds).
    public TreeVersion Version { get; }

    /// The codes of the units left out because another unit has the same canonical code.
    public IReadOnlyList<string> Duplicates => _duplicates.Select(id => _byId[id].Code).Order(StringComparer.Ordinal).ToList();

    /// The unit of a code in any case (codes are compared in their canonical form).
    public OrgUnit? Find(string code) => _byCode.GetValueOrDefault(Input.Code(code));

    /// Any unit of the tenant by id, a left-out duplicate too (rows that refer to it still name it).
    public OrgUnit? Find(Guid id) => _byId.GetValueOrDefault(id);

    /// The region's unit codes, as stored (for "did you mean").
    public IReadOnlyCollection<string> Codes => _byCode.Values.Select(u => u.Code).ToList();

    public string? ParentCode(OrgUnit unit) => unit.ParentId is { } p ? _byId.GetValueOrDefault(p)?.Code : null;

    public IReadOnlyList<OrgUnit> Roots => _byCode.Values.Where(u => u.ParentId is not { } p || !_byId.ContainsKey(p) || _duplicates.Contains(p))
        .OrderBy(u => u.Code, StringComparer.Ordinal).ToList();

    /// The unit and everything below it, depth first (parents before children), with the depth below the unit.
    public IReadOnlyList<(OrgUnit Unit, int Depth)> Subtree(OrgUnit root)
    {
        var result = new List<(OrgUnit, int)>();
        var stack = new Stack<(OrgUnit, int)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (unit, depth) = stack.Pop();
            result.Add((unit, depth));
            if (_children.TryGetValue(unit.Id, out var children))
                for (var i = children.Count - 1; i >= 0; i--) stack.Push((children[i], depth + 1));
        }
        return result;
    }

    public IReadOnlyList<(OrgUnit Unit, int Depth)> All() => Roots.SelectMany(Subtree).ToList();

    /// Whether the unit of `code` is the unit of `rootCode` or lies below it; false when either is
    /// unknown. Unit scope (Auth/UnitScope) asks this.
    public bool IsWithin(string code, string rootCode) => Find(code) is { } unit && Find(rootCode) is { } root && IsInSubtree(unit, root);

    public bool IsInSubtree(OrgUnit unit, OrgUnit root)
    {
        for (OrgUnit? u = unit; u is not null; u = u.ParentId is { } p ? _byId.GetValueOrDefault(p) : null)
            if (u.Id == root.Id) return true;
        return false;
    }

    /// Sums a per-unit value over each unit's subtree (the unit itself included), keyed by unit code.
    public Dictionary<string, T> RollUp<T>(OrgUnit root, Func<OrgUnit, T> own, Func<T, T, T> add) =>
        TreeRollUp.Sum(Subtree(root).Select(x => x.Unit).ToList(), u => u.Code, ParentCode, own, add);

    /// Why the unit cannot be closed from the year, or null when it can: a unit closes once, after
    /// the units under it, and not while it has frames from that year on (a closed unit has none).
    public string? WhyNotClose(OrgUnit unit, int fromYear, IEnumerable<int> frameYears)
    {
        if (unit.ClosedFromYear is { } closed) return $"Unit {unit.Code} is already closed from {closed}.";
        var openChildren = Subtree(unit).Skip(1).Where(x => x.Unit.IsOpenIn(fromYear)).Select(x => x.Unit.Code).ToList();
        if (openChildren.Count > 0) return $"Close the units under {unit.Code} first: {string.Join(", ", openChildren)}.";
        if (frameYears.Any(y => y >= fromYear)) return $"Unit {unit.Code} has frames from {fromYear} on.";
        return null;
    }
}
