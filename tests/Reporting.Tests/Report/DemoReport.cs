using Google.Protobuf.WellKnownTypes;
using Region.Contracts.Periods;
using Region.Reporting.Domain;
using Region.Reporting.Report;
using Region.Reporting.V1;

namespace Region.Reporting.Tests.Report;

/// A report shaped like the demo's (demo-data/rs-2022, per August 2022): every section filled,
/// long Swedish goal names, a budget tree four levels deep with negative and positive deviations,
/// financing, ledger, import findings, investments and a meeting. Built in code, so the renderer's
/// tests need no database; the figures follow the demo's where it has them.
public static class DemoReport
{
    public static readonly Period August = Period.Tertial(2022, 2);
    const long Msek = 1_000_000;

    public static V1.Report Create()
    {
        var r = new V1.Report
        {
            BodyCode = "RS", BodyName = "Regionstyrelsen", Period = August.ToString(), PeriodParts = August.ToProto(), PeriodLabel = August.Label(),
            PlanName = "Verksamhetsplan och budget 2022 (reviderad)", PlanCaseNumber = "RS/425/2021", PreviousPeriod = August.Previous().ToString(),
            Goals = Counts(16, 23, 11, 6), PreviousGoals = Counts(7, 9, 19, 21), Assignments = new StatusCounts(), PreviousAssignments = new StatusCounts(),
            Activities = new ActivityCounts { Total = 3, Ongoing = 1, Delayed = 1, Done = 1 },
        };
        r.GoalsNotAchieved.Add(Goal("Bruttokostnadsutveckling inom Regionstaben, Vårdval och Regiondirektör", "Red", "En ekonomi i balans", "Högst 4,4 %", 5.2));
        r.GoalsNotAchieved.Add(Goal("Bättre vårdplatshantering i Cosmic.", "Red", "God och nära vård i hela Region Jämtland Härjedalen", "Genomförd aktivitet", null,
            "Införandet av vårdplatsmodulen i Cosmic har skjutits upp till 2023 eftersom leverantörens version är försenad."));
        var sick = Goal("Sjukfrånvaron ska vara lägre än utsatt målvärde", "Yellow", "En hälsofrämjande arbetsmiljö", "4,8 % (RJH) 4,8 % (RS)", 5.1);
        (sick.HasGenderBreakdown, sick.OutcomeWomen, sick.OutcomeMen) = (true, 5.9, 3.2);
        // Recorded per scope, as the demo's: the region yellow, the board's own units green.
        sick.Scopes.Add(new ScopeLine { Scope = "RJH", Value = 5.1, Status = "Yellow", Bound = "AtMost", HasTarget = true, Target = 4.8, Unit = "%" });
        sick.Scopes.Add(new ScopeLine { Scope = "RS", Value = 4.2, Status = "Green", Bound = "AtMost", HasTarget = true, Target = 4.8, Unit = "%" });
        r.GoalsNotAchieved.Add(sick);
        r.ScopedGoals.Add(sick);
        r.GoalsNotAchieved.Add(Goal("Läkemedelskommittén och Strama ska besöka alla hälsocentraler för dialog kring kvalitetsmålen Golv&Tak", "Yellow",
            "God och nära vård i hela Region Jämtland Härjedalen", "100 %", 75, "Tre av fyra hälsocentraler är besökta."));
        r.FinancialGoals.Add(Goal("FINANSIELLT MÅL: Nettokostnadsutveckling (totalt RJH)", "Red", "En ekonomi i balans", "4 %", 7.4));
        r.FinancialGoals.Add(Goal("FINANSIELLT MÅL: Leverantörstrohet", "Yellow", "God styrning och uppföljning", "95 %", 92));
        r.FinancialGoals.Add(Goal("FINANSIELLT MÅL: Soliditet", "Green", "En ekonomi i balans", "Minst 0 %", 3.1));
        r.StatusChanges.Add(new StatusChange { GoalId = r.GoalsNotAchieved[0].GoalId, Name = r.GoalsNotAchieved[0].Name, Kind = "Goal", PreviousStatus = "Yellow", Status = "Red" });
        r.StatusChanges.Add(new StatusChange { GoalId = sick.GoalId, Name = sick.Name, Kind = "Goal", PreviousStatus = "Red", Status = "Yellow" });
        var series = new GoalSeries { GoalId = sick.GoalId, Name = sick.Name, Target = sick.Target, Trend = "Falling", HasFullYearForecast = true, FullYearForecast = 5.0 };
        series.Points.Add(Point(Period.FullYear(2021), 5.6, "Red"));
        series.Points.Add(Point(Period.Tertial(2022, 1), 5.4, "Red"));
        series.Points.Add(Point(August, 5.1, "Yellow"));
        r.GoalSeries.Add(series);
        var antibiotics = new IndicatorLine { IndicatorId = Guid.NewGuid().ToString(), Name = "Antibiotikaförskrivning per 1000 invånare", Unit = "recept" };
        antibiotics.Points.Add(Point(Period.FullYear(2021), 262, ""));
        antibiotics.Points.Add(Point(August, 248, ""));
        r.Indicators.Add(antibiotics);
        r.DelayedActivities.Add(new ActivityLine { Name = "Införa vårdplatsmodulen", GoalName = "Bättre vårdplatshantering i Cosmic.", EndDate = "2022-06-30", Status = "Ongoing" });

        var budget = new BudgetSection { ThroughMonth = 8, HasFinancing = true, OfficialsNet = -1_082_700_000, ElectedMembersNet = -33_400_000 };
        budget.Rows.Add(Row("RS", "Regionstyrelsen", 0, -1116.1, -744.1, -769.2, -1153.7));
        budget.Rows.Add(Row("RS-TJM", "Regionstyrelsens förvaltning", 1, -1082.7, -721.8, -748.9, -1122.0));
        budget.Rows.Add(Row("RD", "Regiondirektör", 2, -234.2, -156.1, -151.0, -228.0));
        budget.Rows.Add(Row("HR", "HR-avdelningen", 3, -61.0, -40.7, -39.9, null));
        budget.Rows.Add(Row("RST", "Regionstaben", 2, -497.3, -331.5, -352.4, -530.0));
        budget.Rows.Add(Row("VV", "Vårdval", 2, -351.2, -234.2, -245.5, -364.0));
        budget.Rows.Add(Row("RS-FTM", "Förtroendemannaorganisation", 1, -33.4, -22.3, -20.3, -31.7));
        for (var month = 1; month <= 8; month++)
            budget.Months.Add(new BudgetMonth { Month = month, PeriodBudget = (long)(-93.0 * month * Msek), Outcome = (long)((-93.0 * month - 3.1 * month) * Msek) });
        budget.Financing = new FinancingLines { TaxRevenue = 3360_200_000, GeneralStateGrants = 1174_700_000, FinancialCosts = -48_100_000, Total = 4486_800_000 };
        budget.TotalNetBudget = 4486_800_000 + budget.OfficialsNet + budget.ElectedMembersNet;
        budget.Ledger.Add(new LedgerLine { UnitCode = "RD", Kind = "Prioritisation", Change = -8_200_000, Reason = "Studiebidrag", CaseNumber = "RS/44/2020",
            ChangedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero)), AmountIsEstimate = true });
        budget.Ledger.Add(new LedgerLine { UnitCode = "VV", Kind = "Prioritisation", Change = -9_000_000, Reason = "Prioritering 9 mkr utökad budget för hälsovalet", CaseNumber = "RS/60/2021",
            ChangedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero)), IncludedInOpening = true });
        budget.Ledger.Add(new LedgerLine { UnitCode = "VV", Kind = "Transfer", Change = 9_000_000, Reason = "Hälsoval", CounterpartUnitCode = "HSN",
            ChangedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2022, 3, 21, 0, 0, 0, TimeSpan.Zero)) });
        budget.Findings.Add(new ImportFinding { Source = "Budgetramar per område", Location = "Summa tjänstemannabudget", Column = "OtherExternalCosts", Stated = -763_000_000, Computed = -763_400_000 });
        r.Budget = budget;
        r.CalendarFindings.Add(new CalendarFinding { Source = "Verksamhetsplan och budget 2022 (reviderad)", MeetingDate = "2022-09-27", Item = "Delårsbokslut augusti 2021",
            Kind = "TitleYear", Stated = "2021", Actual = "2022-T2", Message = "The title names 2021; the item covers 2022-T2." });

        r.Areas.Add(Area("RD", "Regiondirektör", Counts(3, 5, 1, 1), -5_100_000 + 10_200_000, "RedWithSurplus"));
        r.Areas.Add(Area("RST", "Regionstaben", Counts(8, 10, 6, 3), -20_900_000, "RedWithDeficit"));
        r.Areas.Add(Area("VV", "Vårdval", Counts(5, 8, 4, 2), -11_300_000, "RedWithDeficit"));

        var investments = new InvestmentSection
        {
            Total = Investment("Totalt", 38, 214_500, 97_300, 201_900),
            Cancelled = Investment("Avbrutna", 1, 2_000, 0, 0),
        };
        investments.ByCategory.Add(Investment("Property", 9, 120_000, 61_200, 118_000));
        investments.ByCategory.Add(Investment("It", 12, 38_500, 14_900, 33_400));
        investments.ByCategory.Add(Investment("MedicalEquipment", 11, 41_000, 17_600, 36_500));
        investments.ByCategory.Add(Investment("Vehicles", 6, 15_000, 3_600, 14_000));
        r.Investments = investments;
        r.PresentedAt.Add(new Presentation { MeetingDate = "2022-09-28", MeetingKind = "BoardMeeting", Place = "Östersund", ItemTitle = "Tertialrapport 2 2022", ResponsibleRole = "Ekonomidirektör" });
        r.Summary.AddRange(ReportText.Summary(r, August));
        return r;
    }

    static StatusCounts Counts(int green, int yellow, int red, int notMeasurable) =>
        new() { Total = green + yellow + red + notMeasurable, Green = green, Yellow = yellow, Red = red, NotMeasurable = notMeasurable };

    static GoalLine Goal(string name, string status, string area, string target, double? outcome, string analysis = "") => new()
    {
        GoalId = Guid.NewGuid().ToString(), Name = name, Kind = "Goal", GoalArea = area, ResponsibleUnitCode = "RS", Status = status, Target = target,
        Analysis = analysis, HasOutcome = outcome is not null, OutcomeTotal = outcome ?? 0, Basis = analysis.Length > 0 ? "Manual" : "Computed",
    };

    static SeriesPoint Point(Period period, double outcome, string status) =>
        new() { Period = period.ToString(), PeriodParts = period.ToProto(), Outcome = outcome, Status = status };

    static BudgetRow Row(string code, string name, int depth, double frame, double periodBudget, double outcome, double? forecast) => new()
    {
        UnitCode = code, UnitName = name, Depth = depth, Frame = (long)(frame * Msek), PeriodBudget = (long)(periodBudget * Msek), Outcome = (long)(outcome * Msek),
        Deviation = (long)((outcome - periodBudget) * Msek), HasForecast = forecast is not null, Forecast = (long)((forecast ?? 0) * Msek),
        ForecastDeviation = (long)(((forecast ?? 0) - frame) * Msek),
    };

    static AreaBalance Area(string code, string name, StatusCounts goals, long deviation, string signal) =>
        new() { UnitCode = code, UnitName = name, Goals = goals, Deviation = deviation, Signal = signal };

    static InvestmentLine Investment(string key, int objects, long decidedKsek, long spentKsek, long forecastKsek) =>
        new() { Key = key, Objects = objects, Decided = decidedKsek * 1000, Spent = spentKsek * 1000, Forecast = forecastKsek * 1000 };
}
