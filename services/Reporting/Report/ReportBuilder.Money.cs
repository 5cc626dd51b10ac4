using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Periods;
using Region.Reporting.Data;
using Region.Reporting.Domain;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// The report's money: the budget with roll-up, ledger, financing and import findings, and the
/// investments. Amounts are added up only after AmountSums has said they can be; when they cannot,
/// the section stays empty and the summary says why.
public sealed partial class ReportBuilder
{
    /// The budget section's figures, and which of its kinds of figure hold invented data (for InventedData).
    sealed record BudgetPart(BudgetFigures Figures, bool InventedOutcomes, bool InventedForecasts);

    static BudgetPart AddBudget(Api.Report report, OrgUnitReplicaTree tree, string bodyCode, Period period, BudgetReads reads, BodyReads perBody)
    {
        var (frames, outcomes, forecasts, ledger) = reads;
        var financing = perBody.Financing;
        var invented = (outcomes.InventedThrough, forecasts.Any(f => f.Invented));
        var budget = new Api.BudgetSection { ThroughMonth = period.ThroughMonth };
        report.Budget = budget;
        var financingAmounts = financing is null ? [] : new[]
        {
            financing.Amounts.TaxRevenue, financing.Amounts.GeneralStateGrants, financing.Amounts.PharmaceuticalGrant,
            financing.Amounts.FinancialIncome, financing.Amounts.FinancialCosts,
        };
        if (!BudgetFigures.CanAddUp(frames, outcomes, forecasts) || !AmountSums.CanAddUp(ledger.Select(l => l.Change).Concat(financingAmounts).Concat(frames.Select(f => f.OpeningNet))))
        {
            report.Summary.Add(ReportText.BudgetOutOfRange);
            return new BudgetPart(new BudgetFigures(tree, bodyCode, [], [], [], period.ThroughMonth), invented.Item1, invented.Item2);
        }

        var figures = BudgetFigures.FromSums(tree, bodyCode, frames, outcomes, forecasts, period.ThroughMonth);
        budget.Rows.AddRange(tree.Subtree(bodyCode).Where(u => figures.Rolled(u.Code) != UnitFigures.None)
            .Select(u => Row(u, figures.Rolled(u.Code), figures.Depth(u.Code, bodyCode))));
        if (budget.Rows.Count > 0)
            for (var month = 1; month <= period.ThroughMonth; month++)
            {
                var body = month == period.ThroughMonth ? figures.Rolled(bodyCode) : BudgetFigures.RootFromSums(tree, bodyCode, frames, outcomes, forecasts, month);
                budget.Months.Add(new Api.BudgetMonth { Month = month, PeriodBudget = body.PeriodBudget, Outcome = body.Outcome });
            }
        budget.Ledger.AddRange(ledger
            .OrderBy(l => l.ChangedAt).ThenBy(l => l.UnitCode, StringComparer.Ordinal).ThenBy(l => l.EntryId).Select(l => new Api.LedgerLine
            {
                UnitCode = l.UnitCode,
                Kind = l.Kind,
                Change = l.Change,
                Reason = l.Reason,
                CaseNumber = l.CaseNumber ?? "",
                ChangedAt = Timestamp.FromDateTimeOffset(l.ChangedAt),
                CounterpartUnitCode = l.CounterpartUnitCode ?? "",
                AmountIsEstimate = l.AmountIsEstimate,
                IncludedInOpening = l.IncludedInOpening,
            }));
        budget.OpeningNet = frames.Sum(f => f.OpeningNet);
        budget.OfficialsNet = frames.Where(f => f.Category == "Officials").Sum(f => f.CurrentNet);
        budget.ElectedMembersNet = frames.Where(f => f.Category == "ElectedMembers").Sum(f => f.CurrentNet);
        if (financing is not null)
        {
            var a = financing.Amounts;
            budget.HasFinancing = true;
            budget.Financing = new Api.FinancingLines
            {
                TaxRevenue = a.TaxRevenue, GeneralStateGrants = a.GeneralStateGrants, PharmaceuticalGrant = a.PharmaceuticalGrant,
                FinancialIncome = a.FinancialIncome, FinancialCosts = a.FinancialCosts, Total = a.Total,
            };
        }
        // Frames and financing were checked in two groups, each within AmountSums.Limit: their sum fits.
        budget.TotalNetBudget = (financing?.Amounts.Total ?? 0) + budget.OfficialsNet + budget.ElectedMembersNet;
        budget.Findings.AddRange(perBody.FrameTableImports.SelectMany(i => i.Findings.Select(f => new Api.ImportFinding
        {
            Source = i.Source, Location = f.Location, Column = f.Column.ToString(), Stated = f.Stated, Computed = f.Computed, Message = f.Message,
        })));
        return new BudgetPart(figures, invented.Item1, invented.Item2);
    }

    /// The frames, outcomes and forecasts of the units in a year: what BudgetFigures is computed from.
    public static async Task<(List<FrameRow> Frames, List<BudgetOutcomeRow> Outcomes, List<ForecastRow> Forecasts)> BudgetRowsAsync(
        ReportingDb db, List<string> unitCodes, int year, CancellationToken ct)
    {
        var codes = unitCodes.Select(Input.Code).ToList();
        return (
            await db.Frames.AsNoTracking().Where(f => f.Year == year && codes.Contains(f.UnitCode)).ToListAsync(ct),
            await db.BudgetOutcomes.AsNoTracking().Where(o => o.Year == year && codes.Contains(o.UnitCode)).ToListAsync(ct),
            await db.Forecasts.AsNoTracking().Where(f => f.Year == year && codes.Contains(f.UnitCode)).ToListAsync(ct));
    }

    public static Api.BudgetRow Row(OrgUnitReplica unit, UnitFigures f, int depth) => new()
    {
        UnitCode = unit.Code,
        UnitName = unit.Name,
        Level = unit.Level,
        Depth = depth,
        Frame = f.Frame,
        PeriodBudget = f.PeriodBudget,
        Outcome = f.Outcome,
        Deviation = f.Deviation,
        HasForecast = f.Forecast is not null,
        Forecast = f.Forecast ?? 0,
        ForecastDeviation = f.ForecastDeviation ?? 0,
    };

    /// Whether an investment's figures (cancelled or not) were recorded as invented.
    static bool AddInvestments(Api.Report report, List<InvestmentRow> all)
    {
        var invented = all.Any(i => i.FiguresInvented);
        if (!AmountSums.CanAddUp(all.SelectMany(i => new[] { i.Amount, i.SpentToDate, i.Forecast ?? 0 })))
        {
            report.Summary.Add(ReportText.InvestmentsOutOfRange);
            all = [];
        }
        var objects = all.Where(i => i.Status != "Cancelled").ToList();
        static Api.InvestmentLine Sum(string key, IEnumerable<InvestmentRow> rows)
        {
            var list = rows.ToList();
            return new Api.InvestmentLine
            {
                Key = key,
                Objects = list.Count,
                Decided = list.Sum(i => i.Amount),
                Spent = list.Sum(i => i.SpentToDate),
                Forecast = list.Sum(i => i.Forecast ?? i.Amount),
            };
        }
        report.Investments = new Api.InvestmentSection
        {
            Total = Sum("Totalt", objects),
            Cancelled = Sum("Avbrutna", all.Where(i => i.Status == "Cancelled")),
        };
        report.Investments.ByCategory.AddRange(objects.GroupBy(i => i.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Sum(g.Key, g)));
        report.Investments.ByUnit.AddRange(objects.GroupBy(i => i.UnitCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Sum(g.Key, g)));
        return invented;
    }
}
