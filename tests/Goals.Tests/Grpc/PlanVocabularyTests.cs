using Region.Common.V1;
using Region.Goals.V1;
using static Region.TestSupport.Rpc;

namespace Region.Goals.Tests.Grpc;

/// A plan's vocabulary (seed 001: resultatmål with mätetal under them): stored with the plan, returned
/// by the API with the default for every word left out, and the measures' statuses from the plan's
/// rule ("Mätetalen innebär ett intervall där 90-99 procent är gult").
public sealed class PlanVocabularyTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    /// Seed 001's words; the result goals' word for not assessed is left out (the default fills it in).
    public static PlanVocabulary Seed001Words() => new()
    {
        CountsStyle = CountsStyle.ResultGoals,
        Assignments = new LevelWords
        {
            Singular = "resultatmål", Plural = "resultatmål", DefinitePlural = "resultatmålen",
            Statuses = new StatusWords
            {
                Green = "tillfredsställande, målet uppnått", Yellow = "inte helt tillfredsställande, pågående aktiviteter i rätt riktning",
                Red = "otillfredsställande, målen inte uppnådda",
            },
        },
        Goals = new LevelWords
        {
            Singular = "mätetal", Plural = "mätetal", DefinitePlural = "mätetalen",
            Statuses = new StatusWords { Green = "uppfyllda", Yellow = "delvis uppfyllda", Red = "inte uppfyllda", NotMeasurable = "saknar resultat" },
        },
    };

    /// One result goal (an assignment: assessed by a person) with four measures under it, each "Minst 100 st".
    static ImportPlanRequest Seed001Plan()
    {
        var request = new ImportPlanRequest
        {
            BodyCode = "RS", Year = 2021, Name = "Regionstyrelsens verksamhetsplan 2021", CaseNumber = "RS/593/2020", Adopt = true, AdoptedOn = "2020-11-04",
            Vocabulary = Seed001Words(),
            GoalAreas = { new GoalArea { Code = "EKO", Name = "En ekonomi i balans" } },
            Goals = { new Goal { Code = "R1", GoalAreaCode = "EKO", Kind = GoalKind.Assignment, Name = "Ekonomi i balans", Target = new Target { Text = "Genomförd aktivitet" } } },
        };
        foreach (var code in new[] { "M1", "M2", "M3", "M4" })
            request.Goals.Add(new Goal
            {
                Code = code, GoalAreaCode = "EKO", Kind = GoalKind.Goal, Name = $"Mätetal {code}", AssignmentCode = "R1", Target = new Target { Text = "Minst 100 st" },
            });
        return request;
    }

    private async Task<GoalsService.GoalsServiceClient> ClientAsync(string? tenant = null)
    {
        tenant ??= NewTenant();
        await host.AddUnitsAsync(tenant, "RS");
        return host.Client(tenant);
    }

    [Fact]
    public async Task A_plan_keeps_the_words_it_was_imported_with_and_the_default_fills_in_the_rest()
    {
        var client = await ClientAsync();
        await client.ImportPlanAsync(Seed001Plan());

        var words = (await client.GetPlanAsync(new GetPlanRequest { BodyCode = "RS", Year = 2021 })).Vocabulary;
        Assert.Equal(CountsStyle.ResultGoals, words.CountsStyle);
        Assert.Equal(("resultatmål", "resultatmålen", "otillfredsställande, målen inte uppnådda"),
            (words.Assignments.Plural, words.Assignments.DefinitePlural, words.Assignments.Statuses.Red));
        Assert.Equal("som ej bedömts", words.Assignments.Statuses.NotMeasurable);
        Assert.Equal(("mätetalen", "delvis uppfyllda", "saknar resultat"), (words.Goals.DefinitePlural, words.Goals.Statuses.Yellow, words.Goals.Statuses.NotMeasurable));
    }

    [Fact]
    public async Task A_plan_created_without_words_has_todays_wording()
    {
        var client = await ClientAsync();
        var plan = await client.CreatePlanAsync(new CreatePlanRequest { BodyCode = "RS", Year = 2022, Name = "Verksamhetsplan 2022" });

        Assert.Equal(CountsStyle.Colours, plan.Vocabulary.CountsStyle);
        Assert.Equal(("uppdrag", "uppdragen", "mål", "målen"),
            (plan.Vocabulary.Assignments.Plural, plan.Vocabulary.Assignments.DefinitePlural, plan.Vocabulary.Goals.Plural, plan.Vocabulary.Goals.DefinitePlural));
        Assert.Equal(("gröna", "gula", "röda", "som ej mätbara"),
            (plan.Vocabulary.Goals.Statuses.Green, plan.Vocabulary.Goals.Statuses.Yellow, plan.Vocabulary.Goals.Statuses.Red, plan.Vocabulary.Goals.Statuses.NotMeasurable));
    }

    [Fact]
    public async Task Measures_are_judged_by_the_plans_band_uppfyllda_delvis_uppfyllda_inte_uppfyllda_or_without_a_result()
    {
        var client = await ClientAsync();
        await client.ImportPlanAsync(Seed001Plan());
        var august = new Period { Year = 2021, Kind = PeriodKind.Tertial, Number = 2 };
        async Task<GoalStatus> Record(string code, string value) => (await client.RecordOutcomeAsync(new RecordOutcomeRequest
        {
            BodyCode = "RS", Year = 2021, GoalCode = code, Period = august, Outcome = new OutcomeValues { Total = value }, Etag = "0",
        })).Status;

        Assert.Equal(GoalStatus.Green, await Record("M1", "100"));   // uppfyllt
        Assert.Equal(GoalStatus.Yellow, await Record("M2", "90"));   // delvis uppfyllt: 90-99 % is yellow
        Assert.Equal(GoalStatus.Red, await Record("M3", "89.9"));    // inte uppfyllt
        var unmeasured = await client.GetGoalFollowUpAsync(new GetGoalFollowUpRequest { BodyCode = "RS", Year = 2021, GoalCode = "M4", Period = august });
        Assert.Equal(GoalStatus.NotMeasurable, unmeasured.Status); // saknar resultat
    }

    [Fact]
    public async Task Words_too_long_or_with_control_characters_and_an_unknown_style_are_refused_together_and_nothing_is_written()
    {
        var tenant = NewTenant();
        var client = await ClientAsync(tenant);
        var request = Seed001Plan();
        request.Vocabulary.Assignments.Singular = new string('r', 61);
        request.Vocabulary.Goals.DefinitePlural = "mätetalen\n";
        request.Vocabulary.Goals.Statuses.Yellow = new string('d', 121);
        request.Vocabulary.CountsStyle = (CountsStyle)7;
        var before = await host.RowCountsAsync(tenant);

        await InvalidArgument(() => client.ImportPlanAsync(request).ResponseAsync,
            "vocabulary.assignments.singular", "vocabulary.goals.definite_plural", "vocabulary.goals.statuses.yellow", "vocabulary.counts_style");
        await InvalidArgument(() => client.CreatePlanAsync(new CreatePlanRequest { BodyCode = "RS", Year = 2021, Name = "Plan", Vocabulary = request.Vocabulary }).ResponseAsync,
            "vocabulary.assignments.singular", "vocabulary.goals.definite_plural", "vocabulary.goals.statuses.yellow", "vocabulary.counts_style");

        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }
}
