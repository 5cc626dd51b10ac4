using Region.Contracts.Events;
using Region.Contracts.Goals;
using Region.Contracts.Periods;
using Region.Reporting.ReadModel;
using Region.Reporting.V1;
using Region.ServiceDefaults.OrgUnits;
using PlanVocabulary = Region.Contracts.Goals.PlanVocabulary;
using LevelWords = Region.Contracts.Goals.LevelWords;

namespace Region.Reporting.Tests.Report;

/// Seed 001 (the September 2021 follow-up of the board's plan): 17 result goals (resultatmål) judged by
/// assessment, 4 / 11 / 2 in April and 4 / 12 / 1 in August, and 34 measures (mätetal) under them, of
/// which 10 uppfyllda, 5 delvis uppfyllda, 6 inte uppfyllda and 13 without a result. The report counts
/// them in the plan's own words and in the seed's sentences.
public sealed class Seed001ReportTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly Period April = Period.Tertial(2021, 1);
    static readonly Period August = Period.Tertial(2021, 2);

    public static readonly PlanVocabulary Words = new(
        new LevelWords("resultatmål", "resultatmål", "resultatmålen", false, new StatusWords(
            "tillfredsställande, målet uppnått", "inte helt tillfredsställande, pågående aktiviteter i rätt riktning",
            "otillfredsställande, målen inte uppnådda", "ej bedömda")),
        new LevelWords("mätetal", "mätetal", "mätetalen", false, new StatusWords("uppfyllda", "delvis uppfyllda", "inte uppfyllda", "saknar resultat")),
        PlanVocabulary.ResultGoalsStyle);

    static IEnumerable<string?> Statuses(int green, int yellow, int red, int none) =>
        Enumerable.Repeat<string?>("Green", green).Concat(Enumerable.Repeat<string?>("Yellow", yellow))
            .Concat(Enumerable.Repeat<string?>("Red", red)).Concat(Enumerable.Repeat<string?>(null, none));

    async Task<string> SeedAsync(PlanVocabulary? words)
    {
        var tenant = ReportingHost.NewTenant();
        await using var db = host.Db(tenant);
        db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = "RS", Name = "Regionstyrelsen", Level = "Body", Version = 1 });
        var planId = Guid.NewGuid();
        db.Plans.Add(new PlanRow
        {
            PlanId = planId, BodyCode = "RS", Year = 2021, Name = "Regionstyrelsens verksamhetsplan 2021", CaseNumber = "RS/593/2020", Revision = 2, Version = 3, Vocabulary = words,
        });
        GoalPeriodRow Status(Guid goalId, Period period, string status, string basis)
        {
            var row = GoalPeriodRow.For(goalId, period);
            (row.Status, row.Basis, row.StatusVersion) = (status, basis, 1);
            return row;
        }
        var resultGoals = new List<Guid>();
        var i = 0;
        foreach (var (april, august) in Statuses(4, 11, 2, 0).Zip(Statuses(4, 12, 1, 0)))
        {
            var id = Guid.NewGuid();
            resultGoals.Add(id);
            db.Goals.Add(new GoalRow { GoalId = id, PlanId = planId, BodyCode = "RS", Year = 2021, Kind = "Assignment", Name = $"Resultatmål {++i:00}", Version = 1 });
            db.GoalPeriods.Add(Status(id, April, april!, "Manual"));
            db.GoalPeriods.Add(Status(id, August, august!, "Manual"));
        }
        // Measures followed up for the full year have no outcome in August: no status row at all.
        i = 0;
        foreach (var status in Statuses(10, 5, 6, 13))
        {
            var id = Guid.NewGuid();
            db.Goals.Add(new GoalRow
            {
                GoalId = id, PlanId = planId, BodyCode = "RS", Year = 2021, Kind = "Goal", Name = $"Mätetal {i + 1:00}", TargetText = "Minst 100 %",
                AssignmentId = resultGoals[i++ % resultGoals.Count], Version = 1,
            });
            if (status is not null) db.GoalPeriods.Add(Status(id, August, status, "Computed"));
        }
        await db.SaveChangesAsync();
        return tenant;
    }

    [Fact]
    public async Task The_August_report_says_the_seeds_sentences_in_the_plans_words()
    {
        var tenant = await SeedAsync(Words);
        var report = await host.Client(tenant).GetReportAsync(new GetReportRequest { BodyCode = "RS", Period = "2021-T2" });

        Assert.Equal((17, 4, 12, 1, 0), (report.Assignments.Total, report.Assignments.Green, report.Assignments.Yellow, report.Assignments.Red, report.Assignments.NotMeasurable));
        Assert.Equal((34, 10, 5, 6, 13), (report.Goals.Total, report.Goals.Green, report.Goals.Yellow, report.Goals.Red, report.Goals.NotMeasurable));
        // Word for word the seed's (line 38).
        Assert.Contains("Av regionstyrelsens 17 resultatmål var fyra tillfredsställande, målet uppnått, 12 inte helt tillfredsställande, " +
            "pågående aktiviteter i rätt riktning och ett otillfredsställande, målen inte uppnådda.", report.Summary);
        // The seed's April sentence (line 31), "Tertialrapporten per april visade att av de 17 resultatmålen var ...".
        Assert.Contains("Tertialrapporten per april visade att av de 17 resultatmålen var fyra tillfredsställande, målet uppnått, " +
            "11 inte helt tillfredsställande, pågående aktiviteter i rätt riktning och två otillfredsställande, målen inte uppnådda.", report.Summary);
        // The seed (lines 41-43) says "många" lack a result and writes "fem är delvis uppfyllda och 6": the report counts
        // them and spells one to ten out throughout.
        Assert.Contains("Vad gäller de tillhörande mätetalen är det 13 som saknar resultat.", report.Summary);
        Assert.Contains("Men av 34 mätetal är tio uppfyllda, fem delvis uppfyllda och sex inte uppfyllda.", report.Summary);
        Assert.DoesNotContain(report.Summary, s => s.Contains("gröna", StringComparison.Ordinal) || s.Contains("mätbara", StringComparison.Ordinal));
        Assert.Equal(("resultatmålen", "saknar resultat", "ResultGoals"), (report.Vocabulary.Assignments.DefinitePlural, report.Vocabulary.Goals.NotMeasurable, report.Vocabulary.CountsStyle));

        var markdown = (await host.Client(tenant).RenderReportAsync(new RenderReportRequest { BodyCode = "RS", Period = "2021-T2", Format = ReportFormat.Markdown })).Content;
        Assert.Contains("| Resultatmål, augusti | 17 | 4 | 12 | 1 | 0 |", markdown);
        Assert.Contains("| Mätetal, augusti | 34 | 10 | 5 | 6 | 13 |", markdown);
        Assert.Contains("## Resultatmål och mätetalen under dem", markdown);
        Assert.Contains("Varje resultatmål med sin egen status och statusen för de mätetal som ligger under det.", markdown);
    }

    [Fact]
    public async Task The_same_plan_without_words_is_counted_by_colour_as_today()
    {
        var tenant = await SeedAsync(words: null);
        var report = await host.Client(tenant).GetReportAsync(new GetReportRequest { BodyCode = "RS", Period = "2021-T2" });

        Assert.Contains("Av regionstyrelsens 17 uppdrag var 4 gröna, 12 gula och 1 röda.", report.Summary);
        Assert.Contains("Av de 34 mätbara målen under uppdragen var 10 gröna, 5 gula, 6 röda samt 13 som ej mätbara.", report.Summary);
        Assert.Equal(("uppdrag", "målen", "Colours"), (report.Vocabulary.Assignments.Plural, report.Vocabulary.Goals.DefinitePlural, report.Vocabulary.CountsStyle));
    }

    [Fact]
    public async Task The_plans_words_reach_the_read_model_with_its_event()
    {
        var tenant = ReportingHost.NewTenant();
        var planId = Guid.NewGuid();
        var state = new PlanState(planId, "RS", 2021, "Regionstyrelsens verksamhetsplan 2021", "RS/593/2020", null, 1, "Adopted",
            new DateOnly(2020, 11, 4), 90m, 2, Words);
        await host.Bus.Publish(new PlanAdopted(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, state, []));

        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            return db.Plans.Any(p => p.PlanId == planId) && db.Plans.Single(p => p.PlanId == planId).Vocabulary == Words;
        }, "the plan's words in the read model");
    }

    [Theory]
    [InlineData(1, false, "ett")]
    [InlineData(1, true, "en")]
    [InlineData(4, false, "fyra")]
    [InlineData(10, false, "tio")]
    [InlineData(12, false, "12")]
    [InlineData(0, false, "0")]
    public void One_to_ten_are_spelled_out_in_the_nouns_gender(int n, bool commonGender, string expected) =>
        Assert.Equal(expected, Region.Reporting.Report.ReportText.Spelled(n, commonGender));
}
