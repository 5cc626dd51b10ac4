using Region.Investments.V1;
using Region.TestSupport;

namespace Region.Cli.Tests;

/// demo-data/rs-2022/investments.yaml and the invented spending file against seed 003's figures.
public sealed class InvestmentsDemoDataTests
{
    public static string Plan => Path.Combine(TestInfra.RepoRoot, "demo-data", "rs-2022", "investments.yaml");
    public static string Spending => Path.Combine(TestInfra.RepoRoot, "demo-data", "rs-2022", "investment-spending-2022.invented.yaml");

    [Fact]
    public void The_plan_has_seed_003s_27_objects_adding_up_to_the_stated_49_383_kSEK_decided_by_paragraph_204()
    {
        var request = InvestmentsFile.Load<InvestmentPlanFile>(Plan).ToRequest();
        Assert.Equal(("RS", 2022, 27, 49_383L), (request.BodyCode, request.Year, request.Rows.Count, request.StatedTotalKsek));
        Assert.Equal(49_383L, request.Rows.Sum(r => r.AmountKsek));
        Assert.Contains("§ 204", request.DecisionReference);
        // Seed lines 395-423: Regionservice 4 objects, IT 3, Fastighet 20; new 2, re-investment 7, blank 18.
        Assert.Equal([("FASTIGHET", 20), ("IT", 3), ("REGIONSERVICE", 4)], request.Rows.GroupBy(r => r.UnitCode).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())));
        Assert.Equal([(InvestmentKind.Unspecified, 18), (InvestmentKind.New, 2), (InvestmentKind.Reinvestment, 7)],
            request.Rows.GroupBy(r => r.Kind).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())));
        Assert.Equal(5_573L, request.Rows.Single(r => r.Name == "Patientkallelsesystem").AmountKsek);
    }

    [Fact]
    public void The_units_are_those_of_the_budget_file()
    {
        var units = BudgetFile.Load(BudgetDemoDataTests.Rs2022).Units!.Select(u => u.Code!).ToHashSet();
        Assert.All(InvestmentsFile.Load<InvestmentPlanFile>(Plan).ToRequest().Rows, r => Assert.Contains(r.UnitCode, units));
    }

    [Fact]
    public void The_spending_file_says_it_is_invented_and_covers_both_tertials()
    {
        var file = InvestmentsFile.Load<InvestmentSpendingFile>(Spending);
        Assert.True(file.Invented);
        Assert.Contains("INVENTED", File.ReadAllText(Spending));
        Assert.Equal([new DateOnly(2022, 4, 30), new DateOnly(2022, 8, 31)], file.Records!.Select(r => r.Day!.Value).Distinct().Order());
    }

    [Fact]
    public void A_bad_file_lists_every_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"inv-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "kind: investments\nplan:\n  body: RS\n  year: 1999\n  objects:\n    - { unit: IT, kind: old, category: boats, amount_ksek: -5 }\n");
        try
        {
            var e = Assert.Throws<UsageException>(() => InvestmentsFile.Load<InvestmentPlanFile>(path));
            var text = string.Join("\n", e.Problems);
            foreach (var field in new[] { "plan.year", "objects[0].name", "objects[0].kind", "objects[0].category", "objects[0].financing", "objects[0].amount_ksek" })
                Assert.Contains(field, text);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(InvestmentStatus.Decided, InvestmentStatus.Completed, new[] { InvestmentStatus.Started, InvestmentStatus.Completed })]
    [InlineData(InvestmentStatus.Started, InvestmentStatus.Started, new InvestmentStatus[0])]
    [InlineData(InvestmentStatus.Completed, InvestmentStatus.Started, new InvestmentStatus[0])]
    [InlineData(InvestmentStatus.Decided, InvestmentStatus.Cancelled, new[] { InvestmentStatus.Cancelled })]
    [InlineData(InvestmentStatus.Cancelled, InvestmentStatus.Cancelled, new InvestmentStatus[0])]
    public void The_importer_walks_the_lifecycle_one_step_at_a_time(InvestmentStatus from, InvestmentStatus to, InvestmentStatus[] steps) =>
        Assert.Equal(steps, InvestmentsImport.StepsTo(from, to));
}
