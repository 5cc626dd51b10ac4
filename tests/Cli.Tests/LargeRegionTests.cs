using Google.Protobuf;
using Region.Budget.V1;
using Region.Goals.V1;

namespace Region.Cli.Tests;

/// The generated region of issue 19 without any service: its size, its shape and that the seed decides it.
public sealed class LargeRegionTests
{
    [Fact]
    public void The_large_region_has_the_issues_counts()
    {
        var region = LargeRegion.Create(1, 1);

        Assert.Equal(10, region.Bodies.Count);
        Assert.Equal(2000, region.Units.Count);
        Assert.Equal(Enum.GetValues<UnitLevel>().Where(l => l != UnitLevel.Unspecified).Order(), region.Units.Select(u => u.Level).Distinct().Order());
        Assert.Equal(5000, region.Plans.Sum(p => p.Goals.Count));
        Assert.Equal(1000, region.InvestmentPlans.Sum(p => p.Rows.Count));
        Assert.Equal(200, region.Calendars.Sum(c => c.Meetings.Count));
        Assert.Equal(24, region.BudgetOutcomes.SelectMany(b => b.Lines).Select(l => (l.Year, l.Month)).Distinct().Count());
        Assert.Equal([1, 2, 3], region.GoalOutcomes.Select(o => o.Tertial).Distinct().Order());
        Assert.All(region.BudgetOutcomes, b => Assert.InRange(b.Lines.Count, 1, 20_000));
        // Every unit's parent comes before it, so the units can be created in order.
        var seen = new HashSet<string>();
        foreach (var unit in region.Units)
        {
            Assert.True(unit.Level == UnitLevel.Region || seen.Contains(unit.ParentCode), $"{unit.Code} comes before its parent {unit.ParentCode}");
            seen.Add(unit.Code);
        }
    }

    [Fact]
    public void Every_plan_has_a_target_of_every_kind_and_activities()
    {
        var region = LargeRegion.Create(3, 0.1);

        foreach (var plan in region.Plans)
        {
            var texts = plan.Goals.Select(g => g.Target.Text).ToList();
            Assert.Contains("Genomförd aktivitet", texts);
            Assert.Contains("Kompletteras senare", texts);
            Assert.Contains(texts, t => t.StartsWith("Minst ", StringComparison.Ordinal));
            Assert.Contains(texts, t => t.StartsWith("Högst ", StringComparison.Ordinal));
            Assert.Contains(texts, t => t.StartsWith("Högre än ", StringComparison.Ordinal));
            Assert.Contains(texts, t => t.Contains("(RJH)", StringComparison.Ordinal));
            Assert.Contains(plan.Goals, g => g.Target.BaselineYear > 0);
            Assert.Contains(plan.Goals, g => g.Activities.Count > 0);
            Assert.Contains(plan.Goals, g => g.Kind == GoalKind.Assignment);
        }
    }

    [Fact]
    public void The_same_seed_and_scale_give_the_same_data_and_another_seed_other_data()
    {
        Assert.Equal(Bytes(LargeRegion.Create(7, 0.05)), Bytes(LargeRegion.Create(7, 0.05)));
        Assert.NotEqual(Bytes(LargeRegion.Create(7, 0.05)), Bytes(LargeRegion.Create(8, 0.05)));
    }

    /// The meetings service refuses a calendar with two meetings of a body on one day; seed 19 at
    /// scale 0.1 (the benchmark's quick run) drew two such days before.
    [Theory]
    [InlineData(19, 0.1)]
    [InlineData(19, 1)]
    [InlineData(1, 4)]
    public void No_two_meetings_of_a_body_share_a_day(int seed, double scale)
    {
        foreach (var calendar in LargeRegion.Create(seed, scale).Calendars)
        {
            var days = calendar.Meetings.Select(m => (m.StartDate.Year, m.StartDate.Month, m.StartDate.Day)).ToList();
            Assert.Equal(days.Count, days.Distinct().Count());
        }
    }

    [Fact]
    public void A_smaller_scale_is_a_proportionally_smaller_region()
    {
        var region = LargeRegion.Create(1, 0.01);

        Assert.Single(region.Bodies);
        Assert.Equal(20, region.Units.Count);
        Assert.Equal(50, region.Plans.Sum(p => p.Goals.Count));
        Assert.Equal(10, region.InvestmentPlans.Sum(p => p.Rows.Count));
        Assert.Equal(2, region.Calendars.Sum(c => c.Meetings.Count));
        Assert.Equal(6, region.Units.Select(u => u.Level).Distinct().Count());
        // Both tertial reports are presented, each at a meeting after its tertial has ended.
        var presented = region.Calendars.SelectMany(c => c.Meetings).SelectMany(m => m.Items.Where(i => i.Covers is not null).Select(i => (m.StartDate.Month, i.Covers.Number))).ToList();
        Assert.Equal([1, 2], presented.Select(p => p.Number).Order());
        Assert.All(presented, p => Assert.True(p.Month > 4 * p.Number, $"tertial {p.Number} presented in month {p.Month}"));
    }

    [Fact]
    public async Task Bad_options_are_a_usage_error_listing_every_problem()
    {
        var run = await CliRun.InProcessAsync(_ => throw new InvalidOperationException("nothing may be called"), () => throw new InvalidOperationException(),
            ["generate", "--region", "huge", "--scale", "0", "--seed", "many"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--region: 'huge' is not one of large", run.Error);
        Assert.Contains("--scale: 0 is not a number above 0", run.Error);
        Assert.Contains("many", run.Error);
    }

    /// Everything the region sends, in order, as one byte string.
    private static byte[] Bytes(LargeRegion region)
    {
        IEnumerable<IMessage> all = [.. region.Units, .. region.FrameTables, .. region.BudgetOutcomes, .. region.Plans, .. region.InvestmentPlans, .. region.Calendars];
        var bytes = all.SelectMany(m => m.ToByteArray()).ToList();
        bytes.AddRange(region.GoalOutcomes.SelectMany(o => System.Text.Encoding.UTF8.GetBytes($"{o.Body}/{o.Goal}/{o.Tertial}={o.Value};")));
        return [.. bytes];
    }
}
