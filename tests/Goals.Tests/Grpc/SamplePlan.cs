using Region.Goals.V1;

namespace Region.Goals.Tests.Grpc;

/// A small slice of the RS 2022 plan (seed 003): three goals of different target kinds and an activity.
public static class SamplePlan
{
    public static ImportPlanRequest Request(bool adopt = true) => new()
    {
        BodyCode = "RS", Year = 2022, Name = "Verksamhetsplan och budget 2022", CaseNumber = "RS/425/2021", Adopt = adopt, AdoptedOn = "2021-11-08",
        Strategies = { new Strategy { Code = "MED", Name = "Strategi för våra medarbetare" } },
        GoalAreas = { new GoalArea { Code = "HALSA", Name = "En hälsofrämjande arbetsmiljö", StrategyCode = "MED" } },
        Goals =
        {
            new Goal
            {
                Code = "HALSA-3", GoalAreaCode = "HALSA", Kind = GoalKind.Goal, Name = "Sjukfrånvaron ska vara lägre än utsatt målvärde", ResponsibleUnitCode = "RS",
                Target = new Target { Text = "4,8 % (RJH) 4,8 % (RS)", Bound = Bound.AtMost },
                Activities = { new Activity { Code = "HALSA-3-A1", Name = "Rehabiliteringsstöd", StartDate = "2022-01-01", EndDate = "2022-06-30" } },
            },
            new Goal { Code = "HALSA-1", GoalAreaCode = "HALSA", Kind = GoalKind.Goal, Name = "Andelen heltidsanställda ska öka", ResponsibleUnitCode = "RST", Target = new Target { Text = "Högre än 2021" } },
            new Goal { Code = "HALSA-9", GoalAreaCode = "HALSA", Kind = GoalKind.Assignment, Name = "Heltid som norm", ResponsibleUnitCode = "RST", Target = new Target { Text = "Genomförd aktivitet" } },
        },
        Indicators = { new Indicator { Code = "IND-1", Name = "Sjukfrånvaro i procent av ordinarie arbetstid", Unit = "%" } },
    };

    public static Region.Common.V1.Period T(int n) => new() { Year = 2022, Kind = Region.Common.V1.PeriodKind.Tertial, Number = n };
}
