using Region.Contracts.Periods;
using CommonPeriod = Region.Common.V1.Period;

namespace Region.Cli;

/// The one period syntax of every command and data file: Region.Contracts.Periods.Period's parser
/// and its canonical text, so `report`, `goals` and the data files read and print periods alike.
public static class PeriodArgument
{
    public const string Help = Period.Forms;

    /// The period as the services take it, or null when the text is not one.
    public static CommonPeriod? Parse(string? text) => Period.TryParse(text)?.ToProto();

    /// The period of an option; a usage error naming the option when the text is not one.
    public static Period Require(string text, string option) =>
        Period.TryParse(text) ?? throw new UsageException($"{option}: '{text}' is not a period: {Help}.");

    /// The canonical text ("2022-T2", "2022-M05", "2022-Y"); "" for none.
    public static string Text(CommonPeriod? p) =>
        p is null ? "" : Period.TryCreate(p.Year, (PeriodKind)(int)p.Kind, p.Number)?.ToString() ?? "";
}
