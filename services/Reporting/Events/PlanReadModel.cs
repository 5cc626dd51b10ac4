using Microsoft.EntityFrameworkCore;
using Region.Contracts.Periods;
using Region.Reporting.Data;
using Region.Reporting.Domain;

namespace Region.Reporting.Events;

/// Applies the goals, investments and meetings services' states to the read model, newer version
/// wins. The consumers of those services' events are thin adapters over these methods (their
/// contracts are being settled in services/Contracts); tests feed the same methods.
public sealed class PlanReadModel(ReportingDb db)
{
    public async Task PlanAsync(PlanRow incoming, CancellationToken ct)
    {
        var row = await db.Plans.SingleOrDefaultAsync(p => p.PlanId == incoming.PlanId, ct);
        if (row is null) db.Plans.Add(incoming);
        else if (row.Version < incoming.Version)
        {
            (row.BodyCode, row.Year, row.Name, row.CaseNumber, row.Revision, row.Version) =
                (incoming.BodyCode, incoming.Year, incoming.Name, incoming.CaseNumber, incoming.Revision, incoming.Version);
        }
    }

    public async Task GoalAsync(GoalRow incoming, CancellationToken ct)
    {
        var row = await db.Goals.SingleOrDefaultAsync(g => g.GoalId == incoming.GoalId, ct);
        if (row is null) db.Goals.Add(incoming);
        else if (row.Version < incoming.Version)
        {
            row.PlanId = incoming.PlanId;
            row.BodyCode = incoming.BodyCode;
            row.Year = incoming.Year;
            row.Kind = incoming.Kind;
            row.Name = incoming.Name;
            row.GoalAreaName = incoming.GoalAreaName;
            row.ResponsibleUnitCode = incoming.ResponsibleUnitCode;
            row.IsFinancialGoal = incoming.IsFinancialGoal;
            row.TargetText = incoming.TargetText;
            row.Removed = incoming.Removed;
            row.Version = incoming.Version;
        }
    }

    /// A goal's status for a period (Green, Yellow, Red, NotMeasurable), with the analysis of a manual assessment.
    public async Task StatusAsync(Guid goalId, Period period, string status, string basis, string? analysis, int version, CancellationToken ct)
    {
        var row = await PeriodRowAsync(goalId, period, ct);
        if (row.StatusVersion >= version) return;
        (row.Status, row.Basis, row.Analysis, row.StatusVersion) = (status, basis, analysis, version);
    }

    public async Task OutcomeAsync(Guid goalId, Period period, decimal? total, decimal? women, decimal? men, int version, CancellationToken ct)
    {
        var row = await PeriodRowAsync(goalId, period, ct);
        if (row.OutcomeVersion >= version) return;
        (row.OutcomeTotal, row.OutcomeWomen, row.OutcomeMen, row.OutcomeVersion) = (total, women, men, version);
    }

    public async Task ActivityAsync(ActivityRow incoming, CancellationToken ct)
    {
        var row = await db.Activities.SingleOrDefaultAsync(a => a.ActivityId == incoming.ActivityId, ct);
        if (row is null) db.Activities.Add(incoming);
        else if (row.Version < incoming.Version)
        {
            (row.GoalId, row.PlanId, row.Name, row.EndDate, row.Status, row.Removed, row.Version) =
                (incoming.GoalId, incoming.PlanId, incoming.Name, incoming.EndDate, incoming.Status, incoming.Removed, incoming.Version);
        }
    }

    public async Task InvestmentAsync(InvestmentRow incoming, CancellationToken ct)
    {
        var row = await db.Investments.SingleOrDefaultAsync(i => i.ObjectId == incoming.ObjectId, ct);
        if (row is null) db.Investments.Add(incoming);
        else if (row.Version < incoming.Version)
        {
            (row.BodyCode, row.Year, row.UnitCode, row.Name, row.Category, row.Amount, row.Status, row.SpentToDate, row.Forecast, row.Version) =
                (incoming.BodyCode, incoming.Year, incoming.UnitCode, incoming.Name, incoming.Category, incoming.Amount, incoming.Status,
                 incoming.SpentToDate, incoming.Forecast, incoming.Version);
        }
    }

    public async Task MeetingAsync(MeetingRow incoming, CancellationToken ct)
    {
        var row = await db.Meetings.SingleOrDefaultAsync(m => m.MeetingId == incoming.MeetingId, ct);
        if (row is null) db.Meetings.Add(incoming);
        else if (row.Version < incoming.Version)
        {
            (row.BodyCode, row.Year, row.Kind, row.Title, row.StartDate, row.Place, row.Cancelled, row.Items, row.Version) =
                (incoming.BodyCode, incoming.Year, incoming.Kind, incoming.Title, incoming.StartDate, incoming.Place, incoming.Cancelled,
                 incoming.Items, incoming.Version);
        }
    }

    async Task<GoalPeriodRow> PeriodRowAsync(Guid goalId, Period period, CancellationToken ct)
    {
        var local = db.GoalPeriods.Local.SingleOrDefault(p => Matches(p, goalId, period));
        if (local is not null) return local;
        var row = await db.GoalPeriods.SingleOrDefaultAsync(p => p.GoalId == goalId && p.Year == period.Year
            && p.PeriodKind == period.Kind && p.PeriodNumber == period.Number, ct);
        if (row is null) db.GoalPeriods.Add(row = new GoalPeriodRow { GoalId = goalId, Year = period.Year, PeriodKind = period.Kind, PeriodNumber = period.Number });
        return row;
    }

    static bool Matches(GoalPeriodRow p, Guid goalId, Period period) =>
        p.GoalId == goalId && p.Year == period.Year && p.PeriodKind == period.Kind && p.PeriodNumber == period.Number;
}
