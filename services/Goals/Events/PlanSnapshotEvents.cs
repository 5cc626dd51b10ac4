using Region.Contracts.Events;
using Region.Goals.Domain;

namespace Region.Goals.Events;

/// What a snapshot re-announces of one plan (AnnounceSnapshot, for rebuilding a reader): the plan, and
/// when it has a revision in force its goals, activities, the outcome and status of every goal and
/// period, and the newest outcome of every indicator, each with the version its live event had.
public static class PlanSnapshotEvents
{
    public static IEnumerable<IIntegrationEvent> For(Plan plan, PlanProgress progress, IEnumerable<IndicatorOutcome> indicatorOutcomes, string tenant, DateTimeOffset at)
    {
        if (plan.InForce is not { } revision)
        {
            yield return new PlanCreated(Guid.NewGuid(), tenant, at, plan.State(plan.Latest), plan.Latest.Content.Areas());
            yield break;
        }
        var content = revision.Content;
        var lookups = content.Lookups();
        yield return new PlanAdopted(Guid.NewGuid(), tenant, at, plan.State(revision), content.Areas());
        foreach (var goal in content.Goals)
        {
            yield return new GoalCreated(Guid.NewGuid(), tenant, at, plan.State(revision, goal, lookups));
            foreach (var activity in goal.Activities)
                yield return new ActivityCreated(Guid.NewGuid(), tenant, at, plan.State(goal, activity, progress));
        }
        var goals = content.Goals.ToDictionary(g => g.Id);
        foreach (var (goalId, period) in progress.GoalPeriods)
        {
            if (goals.GetValueOrDefault(goalId) is not { } goal) continue;
            var status = progress.Status(goal, period);
            if (status.Outcome is { } outcome) yield return outcome.Recorded(status, tenant, at);
            yield return status.Assessed(plan, goal, period, tenant, at);
        }
        var indicators = content.Indicators.ToDictionary(i => i.Id);
        foreach (var latest in indicatorOutcomes.GroupBy(o => (o.IndicatorId, o.Period)).Select(g => g.MaxBy(o => o.Version)!))
            if (indicators.GetValueOrDefault(latest.IndicatorId) is { } indicator)
                yield return latest.Recorded(indicator, tenant, at);
    }
}
