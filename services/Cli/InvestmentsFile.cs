using Region.Investments.V1;
using V1Financing = Region.Investments.V1.Financing;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Region.Cli;

/// Reads a demo-data file of the investments service (kind: investments or investment-spending)
/// and checks all of it before anything is sent; amounts are kSEK as documents give them.
public static class InvestmentsFile
{
    public static T Load<T>(string path) where T : class, IInvestmentsFile
    {
        if (!File.Exists(path)) throw new UsageException($"{path}: no such file.");
        T? file;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
            using var reader = File.OpenText(path);
            file = deserializer.Deserialize<T>(reader);
        }
        catch (YamlException e)
        {
            var inner = e.InnerException is null ? "" : $" ({e.InnerException.Message})";
            throw new UsageException($"{path}:{e.Start.Line}:{e.Start.Column}: {e.Message}{inner}");
        }
        if (file is null) throw new UsageException($"{path}: the file is empty.");
        var problems = file.Validate();
        if (problems.Count > 0) throw new UsageException([$"{path}: {problems.Count} problem(s):", .. problems.Select(p => "  " + p)]);
        return file;
    }

    public static InvestmentKind Kind(string? text) => text switch
    {
        "new" => InvestmentKind.New,
        "reinvestment" => InvestmentKind.Reinvestment,
        _ => InvestmentKind.Unspecified,
    };

    public static InvestmentCategory Category(string? text) => text switch
    {
        "vehicles" => InvestmentCategory.Vehicles,
        "it" => InvestmentCategory.It,
        "property" => InvestmentCategory.Property,
        "medical-equipment" => InvestmentCategory.MedicalEquipment,
        "other-equipment" => InvestmentCategory.OtherEquipment,
        _ => InvestmentCategory.Unspecified,
    };

    public static Financing Financing(string? text) => text switch
    {
        "self" => V1Financing.Self,
        "loan" => V1Financing.Loan,
        _ => V1Financing.Unspecified,
    };

    public static InvestmentStatus Status(string? text) => text switch
    {
        "decided" => InvestmentStatus.Decided,
        "started" => InvestmentStatus.Started,
        "completed" => InvestmentStatus.Completed,
        "cancelled" => InvestmentStatus.Cancelled,
        _ => InvestmentStatus.Unspecified,
    };

    internal static void CheckPlan(PlanRef? plan, string path, List<string> p)
    {
        if (plan is null) p.Add($"{path}: missing.");
        else
        {
            if (string.IsNullOrWhiteSpace(plan.Body)) p.Add($"{path}.body: missing.");
            if (plan.Year is < 2000 or > 2100) p.Add($"{path}.year: a year between 2000 and 2100.");
        }
    }
}

/// Both kinds of file validate themselves as a whole.
public interface IInvestmentsFile
{
    IReadOnlyList<string> Validate();
}

public record PlanRef
{
    public string? Body { get; init; }
    public int Year { get; init; }
}

/// kind: investments: a plan's published table.
public sealed record InvestmentPlanFile : IInvestmentsFile
{
    public string? Kind { get; init; }
    public string? Source { get; init; }
    public PlanSpec? Plan { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var p = new List<string>();
        if (Kind != "investments") p.Add("kind: must be 'investments'.");
        InvestmentsFile.CheckPlan(Plan, "plan", p);
        var objects = Plan?.Objects ?? [];
        if (Plan is not null && objects.Count == 0) p.Add("plan.objects: list the plan's objects.");
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            var at = $"plan.objects[{i}]";
            if (string.IsNullOrWhiteSpace(o.Unit)) p.Add($"{at}.unit: missing.");
            if (string.IsNullOrWhiteSpace(o.Name)) p.Add($"{at}.name: missing.");
            if (o.Kind is not (null or "new" or "reinvestment")) p.Add($"{at}.kind: 'new', 'reinvestment' or left out, not '{o.Kind}'.");
            if (InvestmentsFile.Category(o.Category) == InvestmentCategory.Unspecified)
                p.Add($"{at}.category: one of vehicles, it, property, medical-equipment, other-equipment.");
            if (InvestmentsFile.Financing(o.Financing) == V1Financing.Unspecified) p.Add($"{at}.financing: 'self' or 'loan'.");
            if (o.AmountKsek is not > 0) p.Add($"{at}.amount_ksek: a positive amount in kSEK.");
        }
        return p;
    }

    public ImportPlanTableRequest ToRequest()
    {
        var request = new ImportPlanTableRequest
        {
            BodyCode = Plan!.Body!, Year = Plan.Year, DecisionReference = Plan.Decision ?? "", StatedTotalKsek = Plan.StatedTotalKsek ?? 0,
        };
        request.Rows.AddRange(Plan.Objects!.Select(o => new TableRow
        {
            UnitCode = o.Unit!, Name = o.Name!, Kind = InvestmentsFile.Kind(o.Kind), Category = InvestmentsFile.Category(o.Category),
            AmountKsek = o.AmountKsek!.Value, Financing = InvestmentsFile.Financing(o.Financing), UrgentPool = o.UrgentPool,
        }));
        return request;
    }
}

public sealed record PlanSpec : PlanRef
{
    public string? Decision { get; init; }
    public long? StatedTotalKsek { get; init; }
    public List<ObjectSpec>? Objects { get; init; }
}

public sealed record ObjectSpec
{
    public string? Unit { get; init; }
    public string? Name { get; init; }
    public string? Kind { get; init; }
    public string? Category { get; init; }
    public string? Financing { get; init; }
    public long? AmountKsek { get; init; }
    public bool UrgentPool { get; init; }
}

/// kind: investment-spending: spending to date and forecasts per object and day.
public sealed record InvestmentSpendingFile : IInvestmentsFile
{
    public string? Kind { get; init; }
    public bool Invented { get; init; }
    public PlanRef? Plan { get; init; }
    public List<SpendingSpec>? Records { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var p = new List<string>();
        if (Kind != "investment-spending") p.Add("kind: must be 'investment-spending'.");
        InvestmentsFile.CheckPlan(Plan, "plan", p);
        if (Records is not { Count: > 0 }) p.Add("records: list the spending records.");
        for (var i = 0; i < (Records?.Count ?? 0); i++)
        {
            var r = Records![i];
            var at = $"records[{i}]";
            if (string.IsNullOrWhiteSpace(r.Unit)) p.Add($"{at}.unit: missing.");
            if (string.IsNullOrWhiteSpace(r.Name)) p.Add($"{at}.name: missing.");
            if (r.Day is not { } day) p.Add($"{at}.as_of: a day as yyyy-MM-dd.");
            else if (Plan is not null && day.Year != Plan.Year) p.Add($"{at}.as_of: a day in {Plan.Year}.");
            if (r.Status is not null && InvestmentsFile.Status(r.Status) == InvestmentStatus.Unspecified)
                p.Add($"{at}.status: decided, started, completed or cancelled.");
            if (r.SpentKsek is < 0) p.Add($"{at}.spent_ksek: cannot be negative.");
            if (r.ForecastKsek is < 0) p.Add($"{at}.forecast_ksek: cannot be negative.");
            if (r.Status is null && r.SpentKsek is null && r.ForecastKsek is null) p.Add($"{at}: says nothing (no status, spent_ksek or forecast_ksek).");
        }
        return p;
    }
}

public sealed record SpendingSpec
{
    public string? Unit { get; init; }
    public string? Name { get; init; }
    public string? AsOf { get; init; }

    public DateOnly? Day => DateOnly.TryParseExact(AsOf, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.None, out var day) ? day : null;
    public string? Status { get; init; }
    public long? SpentKsek { get; init; }
    public long? ForecastKsek { get; init; }
}
