using Region.Contracts.Periods;
using Region.Reporting.Report;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Tests.Report;

/// The report's Swedish sentences agree in number with their figures.
public sealed class ReportTextTests
{
    private static string ActivitySentence(int planned, int ongoing, int delayed, int done)
    {
        var report = new Api.Report
        {
            BodyCode = "RS", BodyName = "Regionstyrelsen", Goals = new(), Assignments = new(), PreviousGoals = new(), PreviousAssignments = new(),
            Activities = new() { Total = planned + ongoing + delayed + done, Planned = planned, Ongoing = ongoing, Delayed = delayed, Done = done },
        };
        return Assert.Single(ReportText.Summary(report, Period.Tertial(2022, 2)), s => s.Contains("aktivitet", StringComparison.Ordinal));
    }

    [Fact]
    public void One_activity_of_a_kind_is_singular()
    {
        Assert.Equal("Regionstyrelsens mål har brutits ner till 4 aktiviteter. Av dessa är 1 planerad, 1 pågående enligt plan, 1 försenad och 1 genomförd.",
            ActivitySentence(1, 1, 1, 1));
        Assert.Equal("Regionstyrelsens mål har brutits ner till 1 aktivitet. Av dessa är 0 planerade, 0 pågående enligt plan, 0 försenade och 1 genomförd.",
            ActivitySentence(0, 0, 0, 1));
    }

    [Fact]
    public void Several_are_plural()
    {
        Assert.Equal("Regionstyrelsens mål har brutits ner till 63 aktiviteter. Av dessa är 20 planerade, 33 pågående enligt plan, 2 försenade och 8 genomförda.",
            ActivitySentence(20, 33, 2, 8));
    }
}
