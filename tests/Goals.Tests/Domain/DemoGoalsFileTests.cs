using Region.Goals.Domain;
using Region.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Region.Goals.Tests.Domain;

/// demo-data/rs-2022/goals.yaml against seed 003's own figures.
public sealed class DemoGoalsFileTests
{
    private static YamlMappingNode Root()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(TestInfra.RepoRoot, "demo-data", "rs-2022", "goals.yaml"))));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static IReadOnlyList<YamlMappingNode> List(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var list) ? ((YamlSequenceNode)list).Children.Cast<YamlMappingNode>().ToList() : [];

    private static string? Get(YamlMappingNode node, string key) => node.Children.TryGetValue(key, out var v) ? ((YamlScalarNode)v).Value : null;

    [Fact]
    public void The_file_holds_the_plans_areas_goals_and_activities()
    {
        var root = Root();
        Assert.Equal("goals", Get(root, "kind"));
        Assert.Equal(4, List(root, "strategies").Count);
        Assert.Equal(11, List(root, "goal_areas").Count);       // "11 målområden", line 83
        var goals = List(root, "goals");
        Assert.Equal(56, goals.Count);                          // the rows of the goal tables, lines 133-327
        Assert.Equal(4, goals.Count(g => Get(g, "financial") == "true"));
        Assert.Equal(3, goals.Sum(g => List(g, "activities").Count));
        Assert.Equal(3, List(root, "indicators").Count);
        Assert.Equal(goals.Count, goals.Select(g => Get(g, "code")).Distinct().Count());
    }

    [Fact]
    public void Every_target_is_typed_except_the_one_the_seed_leaves_open()
    {
        var targets = List(Root(), "goals").Select(g =>
        {
            var bound = Get(g, "bound") switch { "at-least" => Bound.AtLeast, "at-most" => Bound.AtMost, _ => (Bound?)null };
            var baseline = g.Children.TryGetValue("baseline", out var b) ? new Baseline(int.Parse(Get((YamlMappingNode)b, "year")!), decimal.Parse(Get((YamlMappingNode)b, "value")!), Get((YamlMappingNode)b, "unit")) : null;
            return TargetParser.Parse(Get(g, "target")!, new TargetHints(bound, baseline));
        }).ToList();
        Assert.Equal("1 %", Assert.Single(targets.OfType<UnclassifiedTarget>()).Text);
        Assert.Equal(3, targets.OfType<NotSetTarget>().Count());
        Assert.Equal(19, targets.OfType<ActivityCompletedTarget>().Count());
        Assert.Single(targets.OfType<ChangeVsBaselineTarget>());
        Assert.Equal(4, targets.OfType<PerScopeTarget>().Count());
    }
}
