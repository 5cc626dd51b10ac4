using Region.Budget.V1;

namespace Region.Cli;

/// The synthetic region `regionctl generate --region large` makes (issue 19): 10 bodies, 2 000 units
/// six levels deep, 5 000 goals with targets of every kind, 24 months of budget outcomes, 3 tertials
/// of goal outcomes, 1 000 investment objects and 200 meetings, as the requests that load them.
/// Built only from the seed and the scale, so the same seed and scale give the same data; nothing
/// here calls a service.
public sealed partial class LargeRegion
{
    /// The year the plans, investments and goal outcomes belong to; budget outcomes cover it and the year before.
    public const int Year = 2025;
    public const string RootCode = "LG";
    public const double MaxScale = 4;

    public int Seed { get; }
    public double Scale { get; }
    public IReadOnlyList<CreateUnitRequest> Units { get; }
    public IReadOnlyList<string> Bodies { get; }
    public IReadOnlyList<ImportFrameTableRequest> FrameTables { get; }
    public IReadOnlyList<RecordOutcomesRequest> BudgetOutcomes { get; }

    private LargeRegion(int seed, double scale)
    {
        Seed = seed;
        Scale = scale;
        var bodies = Math.Max(1, (int)Math.Round(10 * scale));
        (Units, Bodies) = OrgTree(new Random(Mix(seed, 1)), bodies, Math.Max(1 + bodies * 5, (int)Math.Round(2000 * scale)));
        FrameTables = FrameTablesOf(new Random(Mix(seed, 2)));
        BudgetOutcomes = BudgetOutcomesOf(new Random(Mix(seed, 3)));
        Plans = PlansOf(new Random(Mix(seed, 4)), Count(5000, bodies));
        GoalOutcomes = GoalOutcomesOf(new Random(Mix(seed, 5)));
        InvestmentPlans = InvestmentPlansOf(new Random(Mix(seed, 6)), Count(1000, bodies));
        Calendars = CalendarsOf(new Random(Mix(seed, 7)), Count(200, bodies));
    }

    public static LargeRegion Create(int seed, double scale) => new(seed, scale);

    /// Every problem with a seed and scale, for the usage error.
    public static IEnumerable<string> Problems(double scale)
    {
        if (!(scale > 0 && scale <= MaxScale))
            yield return $"--scale: {scale.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a number above 0 and at most {MaxScale} (1 is the issue's region, 0.01 a hundredth of it).";
    }

    /// The units under a body (not the body itself), by body code.
    public IEnumerable<CreateUnitRequest> UnitsUnder(string body) => Units.Where(u => u.Code.StartsWith(body + "-", StringComparison.Ordinal));

    /// The units that carry frames (the leaves) of a body.
    public IEnumerable<string> LeavesOf(string body) => UnitsUnder(body).Where(u => u.Level == UnitLevel.Unit).Select(u => u.Code);

    /// A per-section seed, so a change to one section never shifts the random numbers of another.
    private static int Mix(int seed, int section) => unchecked(seed * 7919 + section * 104729);

    /// An issue-sized count spread over the bodies, at least one each.
    private int Count(int large, int bodies) => Math.Max(1, (int)Math.Round(large * Scale / bodies));

    /// The region, its bodies, and under each body divisions, areas, departments and units: six
    /// levels. Each level below the body is larger than the one above it and every parent gets at
    /// least one child first, so the leaves are exactly the units of the lowest level.
    private static (IReadOnlyList<CreateUnitRequest>, IReadOnlyList<string>) OrgTree(Random random, int bodies, int total)
    {
        var units = new List<CreateUnitRequest> { new() { Code = RootCode, Name = "Exempelregionen (genererad)", Level = UnitLevel.Region } };
        var codes = new List<string>();
        var below = total - 1 - bodies;
        for (var b = 0; b < bodies; b++)
        {
            var body = $"{RootCode}{b + 1:00}";
            codes.Add(body);
            units.Add(new CreateUnitRequest { Code = body, Name = $"Nämnd {b + 1}", Level = UnitLevel.Body, ParentCode = RootCode });
            var n = below / bodies + (b < below % bodies ? 1 : 0);
            var divisions = Math.Max(1, n * 5 / 100);
            var areas = Math.Max(divisions, n * 10 / 100);
            var departments = Math.Max(areas, n * 25 / 100);
            var counts = new[] { (UnitLevel.Division, "Division", divisions), (UnitLevel.Area, "Område", areas), (UnitLevel.Department, "Avdelning", departments),
                (UnitLevel.Unit, "Enhet", Math.Max(departments, n - divisions - areas - departments)) };
            var parents = new List<string> { body };
            var number = 0;
            foreach (var (level, name, count) in counts)
            {
                var ofLevel = new List<string>();
                for (var i = 0; i < count; i++)
                {
                    var code = $"{body}-{++number:0000}";
                    var parent = i < parents.Count ? parents[i] : parents[random.Next(parents.Count)];
                    units.Add(new CreateUnitRequest { Code = code, Name = $"{name} {number} ({body})", Level = level, ParentCode = parent });
                    ofLevel.Add(code);
                }
                parents = ofLevel;
            }
        }
        return (units, codes);
    }

    /// One frame table per body and year (the year and the one before), a row for each leaf, all officials'.
    private List<ImportFrameTableRequest> FrameTablesOf(Random random)
    {
        var tables = new List<ImportFrameTableRequest>();
        foreach (var body in Bodies)
        {
            var leaves = LeavesOf(body).ToList();
            var previous = leaves.Select(_ => LeafFrame(random)).ToList();
            // The year grows from the year before by an index uplift of 2-4 %.
            var uplift = 1.02m + random.Next(0, 21) / 1000m;
            var current = previous.Select(a => Scaled(a, uplift)).ToList();
            foreach (var (year, amounts) in new[] { (Year - 1, previous), (Year, current) })
            {
                var table = new ImportFrameTableRequest { BodyCode = body, Year = year, Source = $"Genererad region (seed {Seed}), budget {year}" };
                for (var i = 0; i < leaves.Count; i++)
                    table.Rows.Add(new FrameTableRow { UnitCode = leaves[i], Label = $"Enhet {leaves[i]}", Category = FrameCategory.Officials, Amounts = amounts[i] });
                tables.Add(table);
            }
        }
        return tables;
    }

    /// A unit's frame in whole kSEK steps: staff and other costs, some revenue, pharmaceuticals at one in five.
    private static FrameAmounts LeafFrame(Random random)
    {
        long Ksek(int from, int to) => random.Next(from, to) * 1000L;
        var a = new FrameAmounts
        {
            ExternalRevenue = Ksek(0, 5_000),
            InternalRevenue = Ksek(0, 3_000),
            PersonnelCosts = -Ksek(2_000, 40_000),
            Pharmaceuticals = random.Next(5) == 0 ? -Ksek(1_000, 10_000) : 0,
            OtherExternalCosts = -Ksek(500, 10_000),
            Depreciation = -Ksek(0, 1_000),
            InternalCosts = -Ksek(0, 3_000),
        };
        a.Net = FrameColumnInfo.Net(a);
        return a;
    }

    private static FrameAmounts Scaled(FrameAmounts a, decimal factor)
    {
        var s = new FrameAmounts();
        foreach (var c in FrameColumnInfo.All) c.Set(s, (long)decimal.Round(c.Get(a) * factor / 1000m, 0) * 1000L);
        s.Net = FrameColumnInfo.Net(s);
        return s;
    }

    /// Twelve months of outcomes for each of the two years: per leaf and non-zero column the frame
    /// spread evenly, times a bias the unit keeps all year and a month's own noise. At most
    /// 20 000 lines a batch (RecordOutcomes' bound); the request id names the seed, scale, month and
    /// batch, so running again records nothing twice.
    private List<RecordOutcomesRequest> BudgetOutcomesOf(Random random)
    {
        const int MaxLines = 20_000;
        var frames = FrameTables.SelectMany(t => t.Rows.Select(r => (t.Year, r.UnitCode, r.Amounts))).ToList();
        var bias = frames.Select(_ => 0.95m + random.Next(0, 101) / 1000m).ToList();
        var batches = new List<RecordOutcomesRequest>();
        foreach (var year in new[] { Year - 1, Year })
            for (var month = 1; month <= 12; month++)
            {
                var lines = new List<OutcomeLine>();
                for (var i = 0; i < frames.Count; i++)
                {
                    if (frames[i].Year != year) continue;
                    foreach (var column in FrameColumnInfo.All)
                    {
                        var annual = column.Get(frames[i].Amounts);
                        if (annual == 0) continue;
                        var noise = 0.97m + random.Next(0, 61) / 1000m;
                        lines.Add(new OutcomeLine
                        {
                            UnitCode = frames[i].UnitCode, Year = year, Month = month, Column = column.Column,
                            Amount = (long)decimal.Round(annual / 12m * bias[i] * noise, 0, MidpointRounding.AwayFromZero),
                        });
                    }
                }
                for (var start = 0; start < lines.Count; start += MaxLines)
                {
                    var batch = new RecordOutcomesRequest { RequestId = $"generate:large:{Seed}:{ScaleText}:{year}-{month:00}:{start / MaxLines}", Invented = true };
                    batch.Lines.AddRange(lines.Skip(start).Take(MaxLines));
                    batches.Add(batch);
                }
            }
        return batches;
    }

    public string ScaleText => Scale.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
}
