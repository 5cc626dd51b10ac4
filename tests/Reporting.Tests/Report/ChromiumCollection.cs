namespace Region.Reporting.Tests.Report;

/// Tests that start headless Chromium several times: run on their own, after the others, so a
/// browser busy on both cores does not slow down the timing tests (BudgetToReportTests) beside them.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChromiumCollection
{
    public const string Name = "Chromium";
}
