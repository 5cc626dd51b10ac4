using Microsoft.EntityFrameworkCore;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// "No data is not zero": an empty report names the years that do have data, so a caller can say
/// "nothing for 2023-T2 (years with data: 2022)" instead of rendering a page of zeros.
public sealed partial class ReportBuilder
{
    /// Nothing of the body for the period's year: no plan, goals, activities, budget, ledger,
    /// investments or presentations. regionctl's `report` refuses to render such a report.
    public static bool IsEmpty(Api.Report r) =>
        r.PlanName.Length == 0 && r.Goals.Total == 0 && r.Assignments.Total == 0 && r.Activities.Total == 0
        && r.Budget.Rows.Count == 0 && r.Budget.Ledger.Count == 0 && r.Investments.Total.Objects == 0 && r.PresentedAt.Count == 0;

    /// The years in which the read model has a plan, goals, frames (of the body's subtree),
    /// investments or meetings of the body, ascending. Asked only for an empty report.
    async Task<List<int>> YearsWithDataAsync(OrgUnitReplicaTree tree, string bodyCode, CancellationToken ct)
    {
        var codes = tree.SubtreeCodes(bodyCode).Select(Input.Code).ToList();
        var years = new SortedSet<int>();
        years.UnionWith(await db.Plans.AsNoTracking().Where(p => p.BodyCode == bodyCode).Select(p => p.Year).Distinct().ToListAsync(ct));
        years.UnionWith(await db.Goals.AsNoTracking().Where(g => g.BodyCode == bodyCode && !g.Removed).Select(g => g.Year).Distinct().ToListAsync(ct));
        years.UnionWith(await db.Frames.AsNoTracking().Where(f => codes.Contains(f.UnitCode)).Select(f => f.Year).Distinct().ToListAsync(ct));
        years.UnionWith(await db.Investments.AsNoTracking().Where(i => i.BodyCode == bodyCode).Select(i => i.Year).Distinct().ToListAsync(ct));
        years.UnionWith(await db.Meetings.AsNoTracking().Where(m => m.BodyCode == bodyCode && !m.Cancelled).Select(m => m.Year).Distinct().ToListAsync(ct));
        return years.ToList();
    }
}
