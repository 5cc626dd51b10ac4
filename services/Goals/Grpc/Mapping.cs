using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Region.Contracts.Periods;
using Region.Goals.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Api = Region.Goals.V1;
using CommonApi = Region.Common.V1;

namespace Region.Goals.Grpc;

/// Proto ↔ domain conversions. Codes become the canonical form (Input.Code); unspecified enum values map
/// to null and unknown numbers to a violation (Known); decimals travel as strings with a dot.
public static class Mapping
{
    public static string Text(this decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static string Text(this decimal d) => d.ToString(CultureInfo.InvariantCulture);

    /// "" is null; anything else must be a number with a dot (a comma is accepted too) within PlanValue's range.
    public static decimal? Decimal(string s, string field, Violations v)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        if (PlanValue.Parse(s) is { } d) return d;
        v.Add(field, $"{Input.Quote(s)} is not {PlanValue.Range} (no exponent, NaN or infinity).");
        return null;
    }

    public static DateOnly? Date(string s, string field, Violations v)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        if (DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        v.Add(field, $"{Input.Quote(s)} is not a date (YYYY-MM-DD).");
        return null;
    }

    /// An enum number a caller sent, as the domain enum of the same numbers: null for 0 (unspecified;
    /// a violation saying `required` when one is), and a violation for a number the enum does not have,
    /// so an unknown status is never stored or announced.
    public static T? Known<T>(int number, string field, Violations v, string? required = null) where T : struct, System.Enum
    {
        if (number == 0)
        {
            if (required is not null) v.Add(field, required);
            return null;
        }
        if (System.Enum.IsDefined(typeof(T), number)) return (T)System.Enum.ToObject(typeof(T), number);
        v.Add(field, $"{number} is not one of {string.Join(", ", System.Enum.GetNames<T>())}.");
        return null;
    }

    public static Api.Bound ToProto(this Bound? b) => b switch
    {
        Bound.AtLeast => Api.Bound.AtLeast,
        Bound.AtMost => Api.Bound.AtMost,
        _ => Api.Bound.Unspecified,
    };

    public static Api.GoalKind ToProto(this GoalKind k) => (Api.GoalKind)(int)k;
    public static Api.GoalStatus ToProto(this GoalStatus s) => (Api.GoalStatus)(int)s;
    public static Api.ActivityStatus ToProto(this ActivityStatus s) => (Api.ActivityStatus)(int)s;
    public static Api.RevisionStatus ToProto(this RevisionStatus s) => (Api.RevisionStatus)(int)s;
    public static Api.ChangeKind ToProto(this ChangeKind k) => (Api.ChangeKind)(int)k;

    /// A target with only a text is parsed (bound and baseline are hints); a typed one is taken as sent.
    /// A text too long to be one is not parsed at all: TargetSpec.Validate reports it.
    public static TargetSpec ToDomain(this Api.Target? t, string field, Violations v)
    {
        t ??= new Api.Target();
        var value = Decimal(t.Value, $"{field}.value", v);
        var baselineValue = Decimal(t.BaselineValue, $"{field}.baseline_value", v);
        var bound = Known<Bound>((int)t.Bound, $"{field}.bound", v);
        int? baselineYear = t.BaselineYear == 0 ? null : t.BaselineYear;
        if (t.Kind == Api.TargetKind.Unspecified)
        {
            // Checked here: a hint the text does not use would otherwise go unread.
            if (baselineYear is { } year) Input.CheckYear(year, $"{field}.baseline_year", v);
            if (t.Text.Length > TargetSpec.MaxTextLength) return new TargetSpec(TargetKind.Unclassified, t.Text, Problem: "Too long to read.");
            var hints = new TargetHints(bound, baselineYear is { } y && Input.IsValidYear(y) ? new Baseline(y, baselineValue, Input.NullIfBlank(t.Unit)) : null);
            return TargetSpec.From(TargetParser.Parse(t.Text, hints));
        }
        var kind = Known<TargetKind>((int)t.Kind, $"{field}.kind", v) ?? TargetKind.Unclassified;
        var scopes = t.Scopes.Select((s, i) => new ScopedValue(s.Scope.Trim(), ScopeValue(s.Value, $"{field}.scopes[{i}].value", v), Input.NullIfBlank(s.Unit))).ToList();
        return new TargetSpec(kind, t.Text.Trim(), bound, value, Input.NullIfBlank(t.Unit), baselineYear, baselineValue,
            scopes.Count > 0 ? scopes : null, Input.NullIfBlank(t.Problem));
    }

    /// Required, unlike the target's other values; 0 stands in for a bad one, which is never stored.
    private static decimal ScopeValue(string s, string field, Violations v)
    {
        if (string.IsNullOrWhiteSpace(s)) v.Add(field, "Each scope needs its value.");
        return Decimal(s, field, v) ?? 0m;
    }

    public static Api.Target ToProto(this TargetSpec t)
    {
        var target = new Api.Target
        {
            Kind = (Api.TargetKind)(int)t.Kind, Text = t.Text, Bound = t.Bound.ToProto(), Value = t.Value.Text(), Unit = t.Unit ?? "",
            BaselineYear = t.BaselineYear ?? 0, BaselineValue = t.BaselineValue.Text(), Problem = t.Problem ?? "",
        };
        target.Scopes.AddRange((t.Scopes ?? []).Select(s => new Api.ScopedValue { Scope = s.Scope, Value = s.Value.Text(), Unit = s.Unit ?? "" }));
        return target;
    }

    /// existing: the goal with this code in the revision, whose id and version carry over. Codes in the
    /// canonical form; an unknown kind is kept as sent so that validation names it.
    public static Goal ToDomain(this Api.Goal g, string field, Goal? existing, Violations v)
    {
        var target = g.Target.ToDomain($"{field}.target", v);
        var activities = g.Activities.Select((a, j) =>
        {
            var code = Input.Code(a.Code);
            var was = existing?.Activities.FirstOrDefault(x => string.Equals(x.Code, code, StringComparison.OrdinalIgnoreCase));
            return new Activity(was?.Id ?? Guid.NewGuid(), code, a.Name.Trim(), Input.NullIfBlank(a.Description),
                Date(a.StartDate, $"{field}.activities[{j}].start_date", v), Date(a.EndDate, $"{field}.activities[{j}].end_date", v), was?.Version ?? 1);
        }).ToList();
        return new Goal(existing?.Id ?? Guid.NewGuid(), Input.Code(g.Code), Input.Code(g.GoalAreaCode), (GoalKind)(int)g.Kind, g.Name.Trim(),
            Input.NullIfBlank(g.Description), CodeOrNull(g.ResponsibleUnitCode), g.IsFinancialGoal, target, activities, existing?.Version ?? 1,
            CodeOrNull(g.AssignmentCode));
    }

    /// An optional code in the canonical form; null when blank.
    public static string? CodeOrNull(string s) => Input.NullIfBlank(s) is { } code ? Input.Code(code) : null;

    public static Api.Goal ToProto(this Goal g)
    {
        var goal = new Api.Goal
        {
            Id = g.Id.ToString(), Code = g.Code, GoalAreaCode = g.AreaCode, Kind = g.Kind.ToProto(), Name = g.Name,
            Description = g.Description ?? "", ResponsibleUnitCode = g.ResponsibleUnitCode ?? "", IsFinancialGoal = g.IsFinancialGoal,
            Target = g.Target.ToProto(), AssignmentCode = g.AssignmentCode ?? "",
        };
        goal.Activities.AddRange(g.Activities.Select(ToProto));
        return goal;
    }

    public static Api.Activity ToProto(this Activity a) => new()
    {
        Code = a.Code, Name = a.Name, Description = a.Description ?? "",
        StartDate = a.StartDate?.ToString("yyyy-MM-dd") ?? "", EndDate = a.EndDate?.ToString("yyyy-MM-dd") ?? "",
    };

    public static Strategy ToDomain(this Api.Strategy s) => new(Input.Code(s.Code), s.Name.Trim());

    public static Api.Strategy ToProto(this Strategy s) => new() { Code = s.Code, Name = s.Name };

    public static GoalArea ToDomain(this Api.GoalArea a) => new(Input.Code(a.Code), a.Name.Trim(), CodeOrNull(a.StrategyCode));

    public static Api.GoalArea ToProto(this GoalArea a) => new() { Code = a.Code, Name = a.Name, StrategyCode = a.StrategyCode ?? "" };

    /// A new id; one already in the revision with this code keeps its own (PlanContent.Put).
    public static Indicator ToDomain(this Api.Indicator i) =>
        new(Guid.NewGuid(), Input.Code(i.Code), i.Name.Trim(), CodeOrNull(i.GoalAreaCode), Input.NullIfBlank(i.Unit), Input.NullIfBlank(i.Description));

    public static Api.Indicator ToProto(this Indicator i) => new()
    {
        Id = i.Id.ToString(), Code = i.Code, Name = i.Name, GoalAreaCode = i.AreaCode ?? "", Unit = i.Unit ?? "", Description = i.Description ?? "",
    };

    public static Api.RevisionChange ToProto(this RevisionChange change)
    {
        var c = new Api.RevisionChange { Entity = change.Entity, Code = change.Code, Name = change.Name, Kind = change.Kind.ToProto() };
        c.Fields.AddRange(change.Fields.Select(f => new Api.FieldChange { Field = f.Field, Before = f.Before ?? "", After = f.After ?? "" }));
        return c;
    }

    public static Api.Plan ToProto(this Plan p)
    {
        var plan = new Api.Plan
        {
            Id = p.Id.ToString(), BodyCode = p.BodyCode, Year = p.Year, Name = p.Name, CaseNumber = p.CaseNumber ?? "",
            DecisionReference = p.DecisionReference ?? "", YellowFromPercent = p.YellowFromPercent.Text(), Etag = Etag.Of(p.Latest.Version),
            Vocabulary = p.Words.ToProto(),
        };
        plan.Revisions.AddRange(p.Revisions.OrderBy(r => r.Number).Select(ToProto));
        return plan;
    }

    public static Api.PlanRevision ToProto(this PlanRevision r) => new()
    {
        Number = r.Number, Status = r.Status.ToProto(), AdoptedOn = r.AdoptedOn?.ToString("yyyy-MM-dd") ?? "", AdoptedBy = r.AdoptedBy ?? "",
        Note = r.Note ?? "", Etag = Etag.Of(r.Version), Goals = r.Content.Goals.Count,
    };

    public static Period? ToDomain(this CommonApi.Period? p, string field, Violations v, bool required = true) =>
        !required && (p is null || p.Kind == CommonApi.PeriodKind.Unspecified && p.Year == 0) ? null : Input.CheckPeriod(p, field, v);

    public static Api.OutcomeRecord ToProto(this RecordedOutcome o) => new()
    {
        Outcome = Values(o.Total, o.Women, o.Men), Source = o.Source ?? "", Comment = o.Comment ?? "", RecordedBy = o.RecordedBy,
        RecordedAt = Timestamp.FromDateTimeOffset(o.RecordedAt), Version = o.Version, Invented = o.Invented,
        FullYearForecast = (o as GoalOutcome)?.FullYearForecast.Text() ?? "",
        Scopes = { ((o as GoalOutcome)?.Scopes ?? []).Select(s => new Api.ScopeOutcome { Scope = s.Scope, Value = s.Value.Text() }) },
    };

    public static Api.ScopeStatus ToProto(this ScopeStatus s) => new()
    {
        Scope = s.Scope, Value = s.Value.Text(), Target = s.Target?.Value.Text() ?? "", Unit = s.Target?.Unit ?? "",
        Bound = s.Target is null ? Api.Bound.Unspecified : ((Bound?)s.Bound).ToProto(), Status = s.Status.Status.ToProto(), Reason = s.Status.Reason ?? "",
    };

    /// The scope values as sent, each a number when there is one (its scope is checked against the goal's target later).
    public static List<(string Scope, decimal? Value)> ToDomain(this IReadOnlyList<Api.ScopeOutcome> scopes, string field, Violations v)
    {
        v.Check(scopes.Count <= TargetSpec.MaxScopes, field, $"At most {TargetSpec.MaxScopes} scopes (got {scopes.Count}).");
        var sent = new List<(string, decimal?)>();
        for (var i = 0; i < Math.Min(scopes.Count, TargetSpec.MaxScopes); i++)
        {
            Input.CheckText(scopes[i].Scope, $"{field}[{i}].scope", TargetSpec.MaxScopeLength, v, required: true);
            sent.Add((scopes[i].Scope ?? "", Decimal(scopes[i].Value, $"{field}[{i}].value", v)));
        }
        return sent;
    }

    public static Api.Assessment ToProto(this GoalAssessment a) => new()
    {
        Status = a.Status.ToProto(), Analysis = a.Analysis, AssessedBy = a.AssessedBy, AssessedAt = Timestamp.FromDateTimeOffset(a.AssessedAt), Version = a.Version,
    };

    /// Each value must be a number, and at least one is required (no values is the same as empty ones).
    public static OutcomeFigures ToDomain(this Api.OutcomeValues? values, string field, Violations v, bool perScope = false)
    {
        values ??= new Api.OutcomeValues();
        var figures = new OutcomeFigures(Decimal(values.Total, $"{field}.total", v), Decimal(values.Women, $"{field}.women", v), Decimal(values.Men, $"{field}.men", v));
        figures.Validate(field, v, perScope);
        return figures;
    }

    public static Api.OutcomeValues Values(decimal? total, decimal? women, decimal? men) =>
        new() { Total = total.Text(), Women = women.Text(), Men = men.Text() };
}
