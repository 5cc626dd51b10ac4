using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Region.Contracts.Events;
using Region.Investments.Domain;
using Region.ServiceDefaults.Requests;
using Api = Region.Investments.V1;

namespace Region.Investments.Grpc;

/// Proto ↔ domain conversions. Unspecified enum values map to null so validation can name them.
public static class Mapping
{
    /// Unspecified is a kind of its own (documents leave it blank); only an unknown number is null.
    public static InvestmentKind? ToDomain(this Api.InvestmentKind kind) =>
        System.Enum.IsDefined(kind) ? (InvestmentKind)(int)kind : null;

    public static InvestmentCategory? ToDomain(this Api.InvestmentCategory category) =>
        category == Api.InvestmentCategory.Unspecified || !System.Enum.IsDefined(category) ? null : (InvestmentCategory)(int)category;

    public static Financing? ToDomain(this Api.Financing financing) =>
        financing == Api.Financing.Unspecified || !System.Enum.IsDefined(financing) ? null : (Financing)(int)financing;

    public static InvestmentStatus? ToDomain(this Api.InvestmentStatus status) =>
        status == Api.InvestmentStatus.Unspecified || !System.Enum.IsDefined(status) ? null : (InvestmentStatus)(int)status;

    public static ObjectFields ToDomain(this Api.ObjectFields? f) => f is null
        ? new ObjectFields("", "", InvestmentKind.Unspecified, null, 0, null, false)
        : new ObjectFields(f.UnitCode, f.Name, f.Kind.ToDomain(), f.Category.ToDomain(), f.Amount, f.Financing.ToDomain(), f.UrgentPool);

    public static PlanTableRow ToDomain(this Api.TableRow r) =>
        new(r.UnitCode, r.Name, r.Kind.ToDomain(), r.Category.ToDomain(), r.AmountKsek, r.Financing.ToDomain(), r.UrgentPool);

    public static Api.Plan ToProto(this InvestmentPlan p) => new()
    {
        Id = p.Id.ToString(),
        BodyCode = p.BodyCode,
        Year = p.Year,
        DecisionReference = p.DecisionReference ?? "",
        StatedTotal = p.StatedTotal ?? 0,
        CreatedBy = p.CreatedBy,
        CreatedAt = Timestamp.FromDateTimeOffset(p.CreatedAt),
    };

    /// A plan with the objects in scope and their totals.
    public static Api.PlanReport ToProto(this InvestmentPlan plan, IEnumerable<InvestmentObject> objects, PlanTotals totals)
    {
        var report = new Api.PlanReport { Plan = plan.ToProto(), Total = totals.Total.ToProto() };
        report.Objects.AddRange(objects.Select(o => o.ToProto()));
        report.ByKind.AddRange(totals.ByKind.Select(t => t.ToProto()));
        report.ByCategory.AddRange(totals.ByCategory.Select(t => t.ToProto()));
        report.ByUnit.AddRange(totals.ByUnit.Select(t => t.ToProto()));
        return report;
    }

    /// The object; with its changes (any order) when given, shown oldest first.
    public static Api.InvestmentObject ToProto(this InvestmentObject o, IEnumerable<ObjectChange>? history = null)
    {
        var proto = new Api.InvestmentObject
        {
            Id = o.Id.ToString(),
            BodyCode = o.BodyCode,
            Year = o.Year,
            UnitCode = o.UnitCode,
            Name = o.Name,
            Kind = (Api.InvestmentKind)(int)o.Kind,
            Category = (Api.InvestmentCategory)(int)o.Category,
            Amount = o.Amount,
            Financing = (Api.Financing)(int)o.Financing,
            UrgentPool = o.UrgentPool,
            Status = (Api.InvestmentStatus)(int)o.Status,
            DecisionReference = o.DecisionReference ?? "",
            SpentToDate = o.SpentToDate,
            SpentAsOf = Day(o.SpentAsOf),
            HasForecast = o.Forecast is not null,
            Forecast = o.Forecast ?? 0,
            ForecastAsOf = Day(o.ForecastAsOf),
            Etag = Etag.Of(o.Version),
            ChangedBy = o.ChangedBy,
            ChangedAt = Timestamp.FromDateTimeOffset(o.ChangedAt),
            FiguresInvented = o.FiguresInvented,
        };
        if (history is not null)
            proto.History.AddRange(history.OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).Select(c => new Api.ObjectChange
            {
                What = c.What,
                Status = (Api.InvestmentStatus)(int)c.Status,
                DecisionReference = c.DecisionReference ?? "",
                ChangedBy = c.ChangedBy,
                ChangedAt = Timestamp.FromDateTimeOffset(c.ChangedAt),
            }));
        return proto;
    }

    public static Api.Totals ToProto(this Totals t) => new()
    {
        Key = t.Key,
        Objects = t.Objects,
        Amount = t.Amount,
        Decided = t.Decided,
        SpentToDate = t.SpentToDate,
        Forecast = t.Forecast,
        SelfFinanced = t.SelfFinanced,
        LoanFinanced = t.LoanFinanced,
    };

    public static Api.Finding ToProto(this InvestmentTableFinding f) =>
        new() { Location = f.Location, Stated = f.Stated, Computed = f.Computed, Message = f.Message };

    private static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
