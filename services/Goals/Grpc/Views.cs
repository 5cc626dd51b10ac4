using Region.Contracts.Periods;
using Region.Goals.Domain;
using Region.ServiceDefaults.Requests;
using Api = Region.Goals.V1;

namespace Region.Goals.Grpc;

/// The read views made of a plan and its recorded progress: a goal's follow-up for a period, an
/// activity, the plan tree, a goal with its status, and the status counts of a period.
public static class Views
{
    /// The goal's follow-up for the period: what is in force, its history newest first, and the etags
    /// to send back ("0" when nothing is recorded yet).
    public static Api.GoalFollowUp FollowUp(this PlanProgress progress, Goal goal, Period period)
    {
        var status = progress.Status(goal, period);
        var view = new Api.GoalFollowUp
        {
            Goal = goal.ToProto(), Period = period.ToProto(), Status = status.Status.ToProto(), ComputedStatus = status.Computed.ToProto(), Manual = status.Manual,
            Outcome = status.Outcome?.ToProto(), Assessment = status.Assessment?.ToProto(),
            OutcomeEtag = Etag.Of(progress.OutcomeVersion(goal.Id, period)),
            AssessmentEtag = Etag.Of(progress.AssessmentVersion(goal.Id, period)),
            ScopeStatuses = { status.ScopeStatuses.Select(s => s.ToProto()) },
        };
        view.OutcomeHistory.AddRange(progress.OutcomeHistory(goal.Id, period).Select(o => o.ToProto()));
        view.AssessmentHistory.AddRange(progress.AssessmentHistory(goal.Id, period).Select(a => a.ToProto()));
        return view;
    }

    /// The activity with its status as recorded and as it stands on the date (past its end: delayed).
    public static Api.ActivityView ActivityView(this PlanProgress progress, Goal goal, Activity activity, DateOnly date) => new()
    {
        Activity = activity.ToProto(), GoalCode = goal.Code, RecordedStatus = progress.RecordedStatus(activity.Id).ToProto(),
        Status = progress.ActivityStatusOn(activity, date).ToProto(), Comment = progress.LastActivityChange(activity.Id)?.Comment ?? "",
        Etag = Etag.Of(progress.ActivityChanges(activity.Id)),
    };

    /// Strategies → goal areas → goals (with their status for the period, if one is asked for) →
    /// activities (as on the date); goal areas without a known strategy under an empty one.
    public static Api.PlanTree Tree(this PlanProgress progress, Plan plan, PlanRevision revision, Period? period, DateOnly date)
    {
        var content = revision.Content;
        var tree = new Api.PlanTree { Plan = plan.ToProto(), Revision = revision.Number };
        // Grouped once: a region-sized plan has thousands of goals in hundreds of areas.
        var goalsByArea = content.Goals.ToLookup(g => g.AreaCode, StringComparer.OrdinalIgnoreCase);
        var areasByStrategy = content.GoalAreas.ToLookup(a => a.StrategyCode ?? "", StringComparer.OrdinalIgnoreCase);
        Api.GoalAreaNode AreaNode(GoalArea area)
        {
            var node = new Api.GoalAreaNode { Area = area.ToProto() };
            node.Goals.AddRange(goalsByArea[area.Code].Select(g =>
            {
                var goalNode = new Api.GoalNode { Goal = g.ToProto(), Status = (period is { } p ? progress.Status(g, p).Status : GoalStatus.NotMeasurable).ToProto() };
                goalNode.Activities.AddRange(g.Activities.Select(a => progress.ActivityView(g, a, date)));
                return goalNode;
            }));
            return node;
        }
        foreach (var strategy in content.Strategies)
        {
            var node = new Api.StrategyNode { Strategy = strategy.ToProto() };
            node.Areas.AddRange(areasByStrategy[strategy.Code].Select(AreaNode));
            tree.Strategies.Add(node);
        }
        var strategies = content.StrategyCodes;
        var loose = content.GoalAreas.Where(a => a.StrategyCode is null || !strategies.Contains(a.StrategyCode)).ToList();
        if (loose.Count > 0)
        {
            var node = new Api.StrategyNode { Strategy = new Api.Strategy() };
            node.Areas.AddRange(loose.Select(AreaNode));
            tree.Strategies.Add(node);
        }
        tree.Indicators.AddRange(content.Indicators.Select(i => i.ToProto()));
        return tree;
    }

    /// A goal with its goal area's name and, when a period was asked for, its status, outcome and analysis
/// (or the reason the rule found it not measurable).
    public static Api.GoalView GoalView(PlanContent content, Goal goal, GoalPeriodStatus? status) => new()
    {
        ScopeStatuses = { (status?.ScopeStatuses ?? []).Select(s => s.ToProto()) },
        Goal = goal.ToProto(),
        GoalAreaName = content.GoalAreas.FirstOrDefault(a => a.Code == goal.AreaCode)?.Name ?? "",
        Status = (status?.Status ?? GoalStatus.NotMeasurable).ToProto(),
        Manual = status?.Manual ?? false,
        Outcome = status?.Outcome is { } o ? Mapping.Values(o.Total, o.Women, o.Men) : new Api.OutcomeValues(),
        // Without a person's analysis, why the rule could not give a status (when it could not).
        Analysis = status?.Assessment?.Analysis ?? status?.Reason ?? "",
    };

    /// Green/yellow/red/not measurable of the goals and of the assignments for the period, and the
    /// activities by their status on the date.
    public static Api.StatusCounts Counts(this PlanProgress progress, PlanContent content, Period period, DateOnly date)
    {
        Api.Counts Count(GoalKind kind)
        {
            var statuses = content.Goals.Where(g => g.Kind == kind).Select(g => progress.Status(g, period).Status).ToList();
            return new Api.Counts
            {
                Green = statuses.Count(s => s == GoalStatus.Green), Yellow = statuses.Count(s => s == GoalStatus.Yellow),
                Red = statuses.Count(s => s == GoalStatus.Red), NotMeasurable = statuses.Count(s => s == GoalStatus.NotMeasurable), Total = statuses.Count,
            };
        }
        var activities = content.Activities.Select(x => progress.ActivityStatusOn(x.Activity, date)).ToList();
        return new Api.StatusCounts
        {
            Period = period.ToProto(),
            Goals = Count(GoalKind.Goal),
            Assignments = Count(GoalKind.Assignment),
            Activities = new Api.ActivityCounts
            {
                Planned = activities.Count(s => s == ActivityStatus.Planned), Ongoing = activities.Count(s => s == ActivityStatus.Ongoing),
                Delayed = activities.Count(s => s == ActivityStatus.Delayed), Done = activities.Count(s => s == ActivityStatus.Done),
                Cancelled = activities.Count(s => s == ActivityStatus.Cancelled),
            },
        };
    }
}
