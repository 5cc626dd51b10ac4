namespace Region.Goals.Domain;

/// Which side of a value is good: at least (minst) or at most (högst).
public enum Bound
{
    AtLeast = 1,
    AtMost = 2,
}

/// A value a goal is measured against before its target applies (utgångsvärde): e.g. 1 454 445 kg CO2 in 2019.
public sealed record Baseline(int Year, decimal? Value, string? Unit);

/// One scope's part of a target per scope, "4,5 (RJH)".
public sealed record ScopedValue(string Scope, decimal Value, string? Unit);

/// Målvärde: what a goal must reach, as a typed model. Text is the original Swedish target text,
/// kept beside the typed form because that is what the plan says.
public abstract record Target(string Text)
{
    /// Whether the status rule can compute a status from an outcome (given a baseline where needed).
    public virtual bool IsMeasurable => true;
}

/// "Genomförd aktivitet", "Genomfört": done or not; assessed by a person.
public sealed record ActivityCompletedTarget(string Text) : Target(Text)
{
    public override bool IsMeasurable => false;
}

/// "Minst 70 %", "Högst 5,3 %", "mindre än 20%", "200 kWh/m²".
public sealed record ThresholdTarget(string Text, Bound Bound, decimal Value, string? Unit) : Target(Text);

/// "-20 %" against a baseline year: the outcome's change from the baseline, in percent.
public sealed record ChangeVsBaselineTarget(string Text, decimal ChangePercent, Baseline Baseline) : Target(Text);

/// "Större andel än 2021", "Högre än 2021": better than the outcome of a given year.
public sealed record BetterThanYearTarget(string Text, Bound Bound, int Year) : Target(Text);

/// "4,5 (RJH) 4,5 (RS)": a value per scope with one bound. An outcome per scope is judged per scope
/// (GoalStatusRule.Scopes.cs); an outcome with only a total against the first scope, the one the seed
/// lists first (the whole region).
public sealed record PerScopeTarget(string Text, Bound Bound, IReadOnlyList<ScopedValue> Scopes) : Target(Text)
{
    public ScopedValue Primary => Scopes[0];
}

/// "Kompletteras senare": the goal exists but its target is set later; not measurable until then.
public sealed record NotSetTarget(string Text) : Target(Text)
{
    public override bool IsMeasurable => false;
}

/// A target text that could not be typed; kept as text and reported, never guessed. Not measurable.
public sealed record UnclassifiedTarget(string Text, string Problem) : Target(Text)
{
    public override bool IsMeasurable => false;
}
