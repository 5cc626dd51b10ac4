using Google.Protobuf.WellKnownTypes;
using Region.Budget.Domain;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.ServiceDefaults.Requests;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// Proto ↔ domain conversions. Unspecified enum values map to null so validation can name them.
public static class Mapping
{
    public static FrameAmounts ToDomain(this Api.FrameAmounts? a) => a is null ? FrameAmounts.Zero : new(
        a.ExternalRevenue, a.InternalRevenue, a.PersonnelCosts, a.Pharmaceuticals,
        a.OtherExternalCosts, a.Depreciation, a.InternalCosts);

    public static Api.FrameAmounts ToProto(this FrameAmounts a) => new()
    {
        ExternalRevenue = a.ExternalRevenue,
        InternalRevenue = a.InternalRevenue,
        PersonnelCosts = a.PersonnelCosts,
        Pharmaceuticals = a.Pharmaceuticals,
        OtherExternalCosts = a.OtherExternalCosts,
        Depreciation = a.Depreciation,
        InternalCosts = a.InternalCosts,
        Net = a.Net,
    };

    public static FinancingData ToDomain(this Api.FinancingAmounts? a) => a is null ? new(0, 0, 0, 0, 0) : new(
        a.TaxRevenue, a.GeneralStateGrants, a.PharmaceuticalGrant, a.FinancialIncome, a.FinancialCosts);

    public static Api.FinancingAmounts ToProto(this FinancingData a) => new()
    {
        TaxRevenue = a.TaxRevenue,
        GeneralStateGrants = a.GeneralStateGrants,
        PharmaceuticalGrant = a.PharmaceuticalGrant,
        FinancialIncome = a.FinancialIncome,
        FinancialCosts = a.FinancialCosts,
        Total = a.Total,
    };

    public static UnitLevel? ToDomain(this Api.UnitLevel level) =>
        level == Api.UnitLevel.Unspecified || !System.Enum.IsDefined(level) ? null : (UnitLevel)(int)level;

    public static Api.UnitLevel ToProto(this UnitLevel level) => (Api.UnitLevel)(int)level;

    public static FrameCategory? ToDomain(this Api.FrameCategory category) =>
        category == Api.FrameCategory.Unspecified || !System.Enum.IsDefined(category) ? null : (FrameCategory)(int)category;

    public static Api.FrameCategory ToProto(this FrameCategory category) => (Api.FrameCategory)(int)category;

    public static AdjustmentKind? ToDomain(this Api.AdjustmentKind kind) =>
        kind == Api.AdjustmentKind.Unspecified || !System.Enum.IsDefined(kind) ? null : (AdjustmentKind)(int)kind;

    public static Api.AdjustmentKind ToProto(this AdjustmentKind kind) => (Api.AdjustmentKind)(int)kind;

    /// One of the seven frame columns, or null (unspecified, net, unknown).
    public static BudgetColumn? ToFrameColumn(this Api.FrameColumn column) =>
        column is > Api.FrameColumn.Unspecified and < Api.FrameColumn.Net ? (BudgetColumn)(int)column : null;

    public static Api.FrameColumn ToProto(this BudgetColumn column) => (Api.FrameColumn)(int)column;

    public static Api.Unit ToProto(this OrgUnit unit, string? parentCode, int depth = 0) => new()
    {
        Code = unit.Code,
        Name = unit.Name,
        Level = unit.Level.ToProto(),
        ParentCode = parentCode ?? "",
        ClosedFromYear = unit.ClosedFromYear ?? 0,
        Depth = depth,
        Etag = Etag.Of(unit.Version),
        Owner = unit.Owner is { } o ? new Api.UnitOwner { Name = o.Name, Email = o.Email, DeputyName = o.DeputyName ?? "", DeputyEmail = o.DeputyEmail ?? "" } : null,
    };

    public static Api.Frame ToProto(this BudgetFrame frame, string unitCode)
    {
        var result = new Api.Frame
        {
            UnitCode = unitCode,
            Year = frame.Year,
            Category = frame.Category.ToProto(),
            Opening = frame.Opening.ToProto(),
            Adjustments = frame.Adjustments.ToProto(),
            Current = frame.Current.ToProto(),
            LedgerEntries = frame.LedgerEntries,
            Etag = Etag.Of(frame.Version),
        };
        if (frame.MonthlyWeights is { } w) result.MonthlyWeights.AddRange(w);
        return result;
    }

    public static Api.LedgerEntry ToProto(this LedgerEntry e, string unitCode, int year) => new()
    {
        Id = e.Id.ToString(),
        UnitCode = unitCode,
        Year = year,
        Kind = e.Kind.ToProto(),
        Change = e.Change.ToProto(),
        Reason = e.Reason,
        CaseNumber = e.CaseNumber ?? "",
        ChangedBy = e.ChangedBy,
        ChangedAt = Timestamp.FromDateTimeOffset(e.ChangedAt),
        TransferId = e.TransferId?.ToString() ?? "",
        CounterpartUnitCode = e.CounterpartUnitCode ?? "",
        AmountIsEstimate = e.AmountIsEstimate,
        IncludedInOpening = e.IncludedInOpening,
    };

    public static Api.Finding ToProto(this FrameTableFinding f) => new()
    {
        Location = f.Location,
        Column = f.Column.ToProto(),
        Detail = f.Detail ?? "",
        Stated = f.Stated,
        Computed = f.Computed,
        Message = f.Message,
    };

    public static Api.FrameTableImport ToProto(this FrameTableImport i, string bodyCode)
    {
        var result = new Api.FrameTableImport
        {
            Id = i.Id.ToString(),
            BodyCode = bodyCode,
            Year = i.Year,
            Source = i.Source,
            Rows = i.Rows,
            ImportedBy = i.ImportedBy,
            ImportedAt = Timestamp.FromDateTimeOffset(i.ImportedAt),
        };
        result.Findings.AddRange(i.Findings.Select(f => f.ToProto()));
        return result;
    }

    public static Api.Forecast ToProto(this Forecast f, string unitCode) => new()
    {
        UnitCode = unitCode,
        Year = f.Year,
        Net = f.Net,
        Comment = f.Comment ?? "",
        RecordedBy = f.RecordedBy,
        RecordedAt = Timestamp.FromDateTimeOffset(f.RecordedAt),
        Invented = f.Invented,
    };

    public static Api.DeviationRow ToProto(this Deviation d, Api.Unit unit) => new()
    {
        Unit = unit,
        AnnualBudget = d.AnnualBudget.ToProto(),
        PeriodBudget = d.PeriodBudget.ToProto(),
        Outcome = d.Outcome.ToProto(),
        Deviation = d.Amount.ToProto(),
        HasForecast = d.ForecastNet is not null,
        ForecastNet = d.ForecastNet ?? 0,
        ForecastDeviation = d.ForecastDeviation ?? 0,
    };
}
