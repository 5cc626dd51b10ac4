using System.Globalization;
using Region.Goals.V1;
using Region.Investments.V1;
using Region.Meetings.V1;
using CommonPeriod = Region.Common.V1.Period;
using CommonPeriodKind = Region.Common.V1.PeriodKind;

namespace Region.Cli;

/// One goal's outcome for a tertial of LargeRegion.Year, as a planner would record it.
public sealed record GeneratedGoalOutcome(string Body, string Goal, int Tertial, string Value)
{
    public CommonPeriod Period => new() { Year = LargeRegion.Year, Kind = CommonPeriodKind.Tertial, Number = Tertial };
}

/// The goals, investments and meetings of the generated region.
public sealed partial class LargeRegion
{
    private static readonly string[] FollowUpAreas = ["Barnkonventionen", "Civilt försvar", "Folkhälsa", "Internkontroll", "Medarbetarenkät"];

    /// The kinds of target a generated goal has, in turn, so every plan has every kind the goals service types.
    private enum TargetShape { Activity, AtLeast, AtMost, ChangeVsBaseline, BetterThanYear, PerScope, NotSet }

    public IReadOnlyList<ImportPlanRequest> Plans { get; }
    public IReadOnlyList<GeneratedGoalOutcome> GoalOutcomes { get; }
    public IReadOnlyList<ImportPlanTableRequest> InvestmentPlans { get; }
    public IReadOnlyList<ImportCalendarRequest> Calendars { get; }

    /// One adopted plan per body: four strategies, ten goal areas, and goals whose targets cycle
    /// through every kind; one in ten is an assignment, activity goals have one to three activities.
    private List<ImportPlanRequest> PlansOf(Random random, int goalsPerBody)
    {
        var plans = new List<ImportPlanRequest>();
        foreach (var body in Bodies)
        {
            var units = UnitsUnder(body).Select(u => u.Code).Prepend(body).ToList();
            var plan = new ImportPlanRequest
            {
                BodyCode = body, Year = Year, Name = $"Verksamhetsplan {Year} för {body} (genererad)", CaseNumber = $"{body}/1/{Year - 1}",
                DecisionReference = $"{body} {Year - 1}-11-20 § 1", Adopt = true, AdoptedOn = $"{Year - 1}-11-20",
            };
            for (var s = 1; s <= 4; s++) plan.Strategies.Add(new Strategy { Code = $"S{s}", Name = $"Strategi {s}" });
            for (var a = 1; a <= 10; a++) plan.GoalAreas.Add(new GoalArea { Code = $"A{a}", Name = $"Målområde {a}", StrategyCode = $"S{(a - 1) % 4 + 1}" });
            for (var g = 0; g < goalsPerBody; g++)
            {
                var shape = (TargetShape)(g % 7);
                var goal = new Goal
                {
                    Code = $"G{g + 1:0000}", GoalAreaCode = $"A{random.Next(1, 11)}",
                    Kind = random.Next(10) == 0 ? GoalKind.Assignment : GoalKind.Goal,
                    Name = $"Mål {g + 1} för {body}: {shape}", ResponsibleUnitCode = units[random.Next(units.Count)],
                    IsFinancialGoal = random.Next(50) == 0, Target = TargetOf(shape, body, random),
                };
                if (shape == TargetShape.Activity)
                    for (var i = 1; i <= random.Next(1, 4); i++)
                    {
                        var start = new DateOnly(Year, random.Next(1, 7), random.Next(1, 29));
                        goal.Activities.Add(new Activity
                        {
                            Code = $"{goal.Code}-{i}", Name = $"Aktivitet {i} för {goal.Code}",
                            StartDate = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                            EndDate = start.AddDays(random.Next(30, 300)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        });
                    }
                plan.Goals.Add(goal);
            }
            plans.Add(plan);
        }
        return plans;
    }

    /// The target as a plan prints it (the goals service types the text), with the hints a text leaves out.
    private static Target TargetOf(TargetShape shape, string body, Random random) => shape switch
    {
        TargetShape.Activity => new Target { Text = "Genomförd aktivitet" },
        TargetShape.AtLeast => new Target { Text = $"Minst {random.Next(50, 96)} %" },
        TargetShape.AtMost => new Target { Text = $"Högst {Swedish(random.Next(20, 100) / 10m)} %" },
        TargetShape.ChangeVsBaseline => new Target
        {
            Text = $"-{random.Next(5, 31)} %", BaselineYear = 2019, BaselineValue = random.Next(10_000, 2_000_000).ToString(CultureInfo.InvariantCulture),
        },
        TargetShape.BetterThanYear => new Target { Text = $"Högre än {Year - 1}" },
        TargetShape.PerScope => PerScope(Swedish(random.Next(30, 60) / 10m), body),
        _ => new Target { Text = "Kompletteras senare" },
    };

    private static Target PerScope(string value, string body) => new() { Text = $"{value} (RJH) {value} ({body})", Bound = Bound.AtLeast };

    private static string Swedish(decimal value) => value.ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',');

    /// Outcomes for tertials 1-3 of the measurable goals (nine in ten each tertial), a third each
    /// meant to be green, yellow and red by the default band (yellow from 90 %). Activity goals are
    /// assessed by people and targets not set have nothing to measure: they get none.
    private List<GeneratedGoalOutcome> GoalOutcomesOf(Random random)
    {
        var outcomes = new List<GeneratedGoalOutcome>();
        foreach (var plan in Plans)
            for (var tertial = 1; tertial <= 3; tertial++)
                foreach (var goal in plan.Goals)
                {
                    var shape = (TargetShape)((int.Parse(goal.Code[1..], CultureInfo.InvariantCulture) - 1) % 7);
                    if (shape is TargetShape.Activity or TargetShape.NotSet || random.Next(10) == 0) continue;
                    var band = random.Next(3);
                    var value = shape switch
                    {
                        TargetShape.AtLeast or TargetShape.PerScope => Number(goal.Target.Text) * new[] { 1.05m, 0.95m, 0.7m }[band],
                        TargetShape.AtMost => Number(goal.Target.Text) * new[] { 0.9m, 1.05m, 1.4m }[band],
                        TargetShape.ChangeVsBaseline => decimal.Parse(goal.Target.BaselineValue, CultureInfo.InvariantCulture)
                            * (1m + Number(goal.Target.Text) / 100m * new[] { 1.1m, 0.95m, 0.5m }[band]),
                        _ => random.Next(200, 800) / 10m,
                    };
                    outcomes.Add(new GeneratedGoalOutcome(plan.BodyCode, goal.Code, tertial, decimal.Round(value, 1).ToString("0.0", CultureInfo.InvariantCulture)));
                }
        return outcomes;
    }

    /// The first number of a target text ("Minst 70 %" → 70, "-20 %" → -20, "4,5 (RJH) ..." → 4.5).
    private static decimal Number(string text)
    {
        var token = text.Split(' ').First(t => t.Length > 0 && (char.IsAsciiDigit(t[0]) || t[0] == '-'));
        return decimal.Parse(token.Replace(',', '.'), CultureInfo.InvariantCulture);
    }

    /// One decided investment plan per body, its stated total the sum of its rows (so no findings).
    private List<ImportPlanTableRequest> InvestmentPlansOf(Random random, int objectsPerBody)
    {
        var plans = new List<ImportPlanTableRequest>();
        foreach (var body in Bodies)
        {
            var units = UnitsUnder(body).Select(u => u.Code).ToList();
            var plan = new ImportPlanTableRequest { BodyCode = body, Year = Year, DecisionReference = $"{body} {Year - 1}-11-20 § 2" };
            for (var i = 1; i <= objectsPerBody; i++)
            {
                var category = (InvestmentCategory)random.Next(1, 6);
                plan.Rows.Add(new TableRow
                {
                    UnitCode = units[random.Next(units.Count)], Name = $"Investering {i} ({category})",
                    Kind = random.Next(2) == 0 ? InvestmentKind.New : InvestmentKind.Reinvestment, Category = category,
                    AmountKsek = random.Next(50, 20_000),
                    Financing = category == InvestmentCategory.Property && random.Next(2) == 0 ? Financing.Loan : Financing.Self,
                });
            }
            plan.StatedTotalKsek = plan.Rows.Sum(r => r.AmountKsek);
            plans.Add(plan);
        }
        return plans;
    }

    /// One calendar per body: meetings spread over the year, each with the monthly report, a
    /// follow-up of one area of the plan and a theme; the tertial reports at the May and September meetings.
    private List<ImportCalendarRequest> CalendarsOf(Random random, int meetingsPerBody)
    {
        var calendars = new List<ImportCalendarRequest>();
        foreach (var body in Bodies)
        {
            var calendar = new ImportCalendarRequest { BodyCode = body, Year = Year, Name = $"Sammanträdesplanering {Year} för {body} (genererad)" };
            foreach (var area in FollowUpAreas)
                calendar.Plan.Add(new FollowUpArea { Name = area, Frequency = area == "Internkontroll" ? FollowUpFrequency.Twice : FollowUpFrequency.Once });
            // Spread so that the last meeting is in December: every tertial has a meeting after it.
            var months = Enumerable.Range(0, meetingsPerBody).Select(i => 12 - (meetingsPerBody - 1 - i) * 12 / meetingsPerBody).ToList();
            // Tertial 1 is presented at the first meeting from May on, tertial 2 from September on (else the last meeting).
            int Presenting(int from) => months.FindIndex(m => m >= from) is var index and >= 0 ? index : months.Count - 1;
            var (first, second) = (Presenting(5), Presenting(9));
            var taken = new HashSet<DateOnly>();
            for (var i = 0; i < meetingsPerBody; i++)
            {
                var month = months[i];
                var date = new DateOnly(Year, month, random.Next(1, 29));
                // The meetings service refuses two meetings of a body on one day: the next free day of the month.
                while (!taken.Add(date)) date = date.Day < 28 ? date.AddDays(1) : new DateOnly(Year, month, 1);
                var meeting = new MeetingInput
                {
                    Kind = i == 1 ? MeetingKind.PlanningDay : i == 2 ? MeetingKind.BudgetDay : MeetingKind.BoardMeeting,
                    Title = $"Sammanträde {i + 1}", StartDate = new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day },
                    Place = "Regionens hus",
                };
                meeting.Items.Add(new AgendaItem { Category = AgendaCategory.Recurring, Title = "Månadsrapport", ResponsibleRole = "Ekonomidirektör" });
                foreach (var tertial in new[] { 1, 2 }.Where(t => i == (t == 1 ? first : second)))
                    meeting.Items.Add(new AgendaItem
                    {
                        Category = AgendaCategory.Recurring, Title = $"Tertialrapport {tertial} {Year}", ResponsibleRole = "Ekonomidirektör",
                        Covers = new CommonPeriod { Year = Year, Kind = CommonPeriodKind.Tertial, Number = tertial },
                    });
                var followed = FollowUpAreas[random.Next(FollowUpAreas.Length)];
                meeting.Items.Add(new AgendaItem { Category = AgendaCategory.FollowUp, Title = $"Uppföljning: {followed}", ResponsibleRole = "Regionstabschef", FollowUpArea = followed });
                meeting.Items.Add(new AgendaItem { Category = AgendaCategory.Theme, Title = $"Tema {random.Next(1, 100)}", ResponsibleRole = "HR-direktör" });
                calendar.Meetings.Add(meeting);
            }
            calendars.Add(calendar);
        }
        return calendars;
    }
}
