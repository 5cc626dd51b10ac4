using Region.Contracts.Periods;
namespace Region.Meetings.Domain;

/// An area scheduled less often than the plan requires. For a per-tertial area Scheduled counts tertials.
public sealed record CoverageGap(FollowUpAreaRule Area, int Scheduled, IReadOnlyList<int> MissingTertials);

/// An item that points at no area of the plan.
public sealed record UnplannedItem(Meeting Meeting, AgendaItem Item);

public sealed record CoverageReport(IReadOnlyList<CoverageGap> Gaps, IReadOnlyList<UnplannedItem> UnplannedItems)
{
    public bool Complete => Gaps.Count == 0 && UnplannedItems.Count == 0;
}

/// What a calendar misses against its follow-up plan, as the planner must see it before the
/// calendar is adopted. Only meetings that take place count; an area counts once per meeting.
public static class Coverage
{
    public static CoverageReport Check(IReadOnlyList<FollowUpAreaRule> plan, IEnumerable<Meeting> meetings)
    {
        var held = meetings.Where(m => !m.Cancelled).OrderBy(m => m.StartDate).ToList();
        var planned = plan.Select(a => a.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var gaps = new List<CoverageGap>();
        foreach (var area in plan)
        {
            var at = held.Where(m => m.Items.Any(i => string.Equals(i.FollowUpArea, area.Name, StringComparison.OrdinalIgnoreCase))).ToList();
            if (area.Frequency == FollowUpFrequency.PerTertial)
            {
                var tertials = at.Select(m => Period.TertialOf(m.StartDate)).ToHashSet();
                var missing = new[] { 1, 2, 3 }.Where(t => !tertials.Contains(t)).ToList();
                if (missing.Count > 0) gaps.Add(new CoverageGap(area, tertials.Count, missing));
            }
            else if (at.Count < area.RequiredCount) gaps.Add(new CoverageGap(area, at.Count, []));
        }

        var unplanned = held
            .SelectMany(m => m.Agenda.Select(i => new UnplannedItem(m, i)))
            .Where(x => x.Item.FollowUpArea is { } name ? !planned.Contains(name) : x.Item.Category == AgendaCategory.FollowUp)
            .ToList();
        return new CoverageReport(gaps, unplanned);
    }
}
