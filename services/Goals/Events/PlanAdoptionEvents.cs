using Region.Contracts.Events;
using Region.Goals.Domain;

namespace Region.Goals.Events;

/// What adopting a revision announces: the plan in force, every goal and activity of it (created, or
/// changed against the revision it replaces), and the goals and activities the revision dropped.
/// Drafts announce nothing: they are work in progress, not the plan in force.
public static class PlanAdoptionEvents
{
    public static IEnumerable<IIntegrationEvent> For(Plan plan, PlanRevision revision, PlanRevision? previous, PlanProgress progress, string tenant, DateTimeOffset at)
    {
        var content = revision.Content;
        var lookups = content.Lookups();
        yield return new PlanAdopted(Guid.NewGuid(), tenant, at, plan.State(revision), content.Areas());
        var before = previous?.Content ?? PlanContent.Empty;
        // By id, once: a region-sized plan has thousands of goals, and a scan per goal would be quadratic.
        var previousGoals = before.Goals.ToDictionary(g => g.Id);
        var currentGoals = content.Goals.Select(g => g.Id).ToHashSet();
        foreach (var goal in content.Goals)
        {
            var was = previousGoals.GetValueOrDefault(goal.Id);
            yield return was is null
                ? new GoalCreated(Guid.NewGuid(), tenant, at, plan.State(revision, goal, lookups))
                : new GoalChanged(Guid.NewGuid(), tenant, at, plan.State(revision, goal, lookups));
            foreach (var activity in goal.Activities)
            {
                var state = plan.State(goal, activity, progress);
                yield return was?.Activities.Any(a => a.Id == activity.Id) == true
                    ? new ActivityStatusChanged(Guid.NewGuid(), tenant, at, state)
                    : new ActivityCreated(Guid.NewGuid(), tenant, at, state);
            }
            // A dropped item is announced as removed, one version on, so the reader replaces its last state.
            foreach (var dropped in was?.Activities.Where(a => goal.Activities.All(x => x.Id != a.Id)) ?? [])
                yield return new ActivityStatusChanged(Guid.NewGuid(), tenant, at, plan.State(goal, dropped with { Version = dropped.Version + 1 }, progress, removed: true));
        }
        foreach (var dropped in before.Goals.Where(g => !currentGoals.Contains(g.Id)))
            yield return new GoalChanged(Guid.NewGuid(), tenant, at, plan.State(revision, dropped with { Version = dropped.Version + 1 }, lookups, removed: true));
    }
}
