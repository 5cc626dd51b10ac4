using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Region.ServiceDefaults.Auth;
using Region.TestSupport;
using BudgetApi = Region.Budget.V1;
using InvestmentsApi = Region.Investments.V1;
using MeetingsApi = Region.Meetings.V1;

namespace Region.EndToEnd.Tests.Faults;

/// A fresh tenant with ten bodies, and writes spread evenly over the four source services through
/// their public gRPC APIs with a real token. Each kind of write causes one event and one row in
/// reporting's read model, so what the writes imply can be compared with what reporting holds
/// (ReadModelCheck) and with what the broker carried (the probe). A write that meets UNAVAILABLE
/// is retried, and a retry that finds its own earlier attempt committed counts it once.
public sealed class Workload : IDisposable
{
    public const int Bodies = 10;
    public const int Year = 2022;
    public const long OpeningPersonnelCosts = -1_000_000;
    public const long Adjustment = -1_000;
    public const string Reason = "fault suite";
    // Meetings cannot be scheduled in the past.
    public static readonly int MeetingYear = DateTime.UtcNow.Year + 1;
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(90);

    private readonly ConcurrentDictionary<string, string> _frameEtags = new();
    private readonly ConcurrentDictionary<string, int> _adjustments = new();
    private readonly ConcurrentBag<long> _objectAmounts = [];
    private readonly ConcurrentDictionary<StatusCode, int> _failures = new();
    private readonly ConcurrentDictionary<(string Kind, string Body), int> _counters = new();
    private int _plans, _meetings, _next;
    private long _slowestFailureTicks;

    private Workload(string tenant, SystemClients clients)
    {
        Tenant = tenant;
        Clients = clients;
    }

    public string Tenant { get; }
    public SystemClients Clients { get; }
    public static IEnumerable<string> BodyCodes => Enumerable.Range(1, Bodies).Select(i => $"B{i:00}");

    /// What the writes that went through imply.
    public IReadOnlyDictionary<string, int> AdjustmentsPerBody => _adjustments;
    public int Adjustments => _adjustments.Values.Sum();
    public int Plans => _plans;
    public IReadOnlyCollection<long> ObjectAmounts => _objectAmounts;
    public int Meetings => _meetings;
    public int Writes => Adjustments + Plans + ObjectAmounts.Count + Meetings;

    /// Failed attempts by status code (each was retried), and the longest one took.
    public IReadOnlyDictionary<StatusCode, int> Failures => _failures;
    public TimeSpan SlowestFailure => TimeSpan.FromTicks(Interlocked.Read(ref _slowestFailureTicks));

    /// A tenant with a region, ten bodies with a 2022 frame each, an investment plan and a meeting
    /// calendar per body, once every service has learnt the bodies from budget's events.
    public static async Task<Workload> StartAsync(RunningSystem system)
    {
        var tenant = Rpc.NewTenant();
        var workload = new Workload(tenant, await SystemClients.ForAsync(system, tenant, RegionRoles.Admin));
        var c = workload.Clients;
        await c.Budget.CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = BudgetApi.UnitLevel.Region });
        foreach (var body in BodyCodes)
        {
            await c.Budget.CreateUnitAsync(new() { Code = body, Name = "Nämnd " + body, Level = BudgetApi.UnitLevel.Body, ParentCode = "RJH" });
            var frame = await c.Budget.OpenFrameAsync(new()
            {
                UnitCode = body, Year = Year, Category = BudgetApi.FrameCategory.Officials,
                Opening = new() { PersonnelCosts = OpeningPersonnelCosts },
            });
            workload._frameEtags[body] = frame.Etag;
            workload._adjustments[body] = 0;
        }
        foreach (var body in BodyCodes)
        {
            await SystemClients.Eventually(() => c.Investments.CreatePlanAsync(new() { BodyCode = body, Year = Year }).ResponseAsync, "the investment plan of " + body);
            await SystemClients.Eventually(() => c.Meetings.CreateCalendarAsync(new() { BodyCode = body, Year = MeetingYear, Name = "Sammanträden" }).ResponseAsync, "the calendar of " + body);
        }
        return workload;
    }

    /// Makes this many writes (a multiple of 40 spreads them evenly: a quarter per service, the
    /// same number per body), at most eight at a time; budget's run one after the other per frame.
    public async Task WriteAsync(int count, CancellationToken stop = default)
    {
        var perKindAndBody = count / 4 / Bodies;
        var lanes = BodyCodes.SelectMany(body => new Func<Task>[]
        {
            async () => { for (var i = 0; i < perKindAndBody && !stop.IsCancellationRequested; i++) await AdjustAsync(body); },
            async () => { for (var i = 0; i < perKindAndBody && !stop.IsCancellationRequested; i++) await CreatePlanAsync(body); },
            async () => { for (var i = 0; i < perKindAndBody && !stop.IsCancellationRequested; i++) await AddObjectAsync(body); },
            async () => { for (var i = 0; i < perKindAndBody && !stop.IsCancellationRequested; i++) await ScheduleMeetingAsync(body); },
        });
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(lanes.Select(async lane =>
        {
            await gate.WaitAsync();
            try { await lane(); }
            finally { gate.Release(); }
        }));
    }

    /// Writes until stopped (a load under which a fault happens); returns how many it made.
    public async Task WriteUntilAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested) await WriteAsync(4 * Bodies, stop);
    }

    private async Task AdjustAsync(string body)
    {
        var applied = await RetryAsync(StatusCode.Aborted, () => Clients.Budget.AdjustFrameAsync(new()
        {
            UnitCode = body, Year = Year, Etag = _frameEtags[body], Kind = BudgetApi.AdjustmentKind.Prioritisation,
            Change = new() { PersonnelCosts = Adjustment }, Reason = Reason,
        }).ResponseAsync);
        // A stale etag after an UNAVAILABLE: the earlier attempt committed; read the frame for the new one.
        var frame = applied ?? await RetryAsync(null, () => Clients.Budget.GetFrameAsync(new() { UnitCode = body, Year = Year }).ResponseAsync);
        _frameEtags[body] = frame!.Etag;
        _adjustments.AddOrUpdate(body, 1, (_, n) => n + 1);
    }

    private async Task CreatePlanAsync(string body)
    {
        // One plan per body and year (2000-2100 are valid years).
        var year = 1999 + Next("plan", body);
        await RetryAsync(StatusCode.AlreadyExists, () => Clients.Goals.CreatePlanAsync(new() { BodyCode = body, Year = year, Name = "Plan " + year }).ResponseAsync);
        Interlocked.Increment(ref _plans);
    }

    private async Task AddObjectAsync(string body)
    {
        var n = Interlocked.Increment(ref _next);
        var amount = 1_000 + n;
        var request = new InvestmentsApi.AddObjectRequest
        {
            BodyCode = body, Year = Year, RequestId = $"fault-{n}",
            Object = new()
            {
                UnitCode = body, Name = $"Objekt {n}", Amount = amount,
                Category = InvestmentsApi.InvestmentCategory.It, Financing = InvestmentsApi.Financing.Self,
            },
        };
        await RetryAsync(null, () => Clients.Investments.AddObjectAsync(request).ResponseAsync);
        _objectAmounts.Add(amount);
    }

    private async Task ScheduleMeetingAsync(string body)
    {
        // One meeting a day per calendar (the service refuses overlaps).
        var day = new DateOnly(MeetingYear, 1, 1).AddDays(Next("meeting", body));
        var meeting = new MeetingsApi.MeetingInput
        {
            Kind = MeetingsApi.MeetingKind.BoardMeeting, Title = "Sammanträde",
            StartDate = new() { Year = day.Year, Month = day.Month, Day = day.Day },
        };
        // Two meetings of one calendar on one day overlap: after an UNAVAILABLE that is the earlier attempt.
        await RetryAsync(StatusCode.FailedPrecondition, () => Clients.Meetings.ScheduleMeetingAsync(new() { BodyCode = body, Year = MeetingYear, Meeting = meeting }).ResponseAsync);
        Interlocked.Increment(ref _meetings);
    }

    private int Next(string kind, string body) => _counters.AddOrUpdate((kind, body), 1, (_, n) => n + 1);

    /// Calls until it succeeds, retrying on UNAVAILABLE only (and counting each). When a retry
    /// fails with <paramref name="committedEarlier"/>, an earlier attempt went through: returns default.
    private async Task<T?> RetryAsync<T>(StatusCode? committedEarlier, Func<Task<T>> call) where T : class
    {
        var deadline = DateTime.UtcNow + RetryFor;
        var retried = false;
        while (true)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                return await call();
            }
            catch (RpcException e) when (retried && e.StatusCode == committedEarlier)
            {
                return null;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                Failed(e.StatusCode, clock.Elapsed);
                retried = true;
                await Task.Delay(100);
            }
            catch (RpcException e)
            {
                Failed(e.StatusCode, clock.Elapsed);
                throw;
            }
        }
    }

    private void Failed(StatusCode code, TimeSpan took)
    {
        _failures.AddOrUpdate(code, 1, (_, n) => n + 1);
        var ticks = took.Ticks;
        for (var seen = Interlocked.Read(ref _slowestFailureTicks); ticks > seen; seen = Interlocked.Read(ref _slowestFailureTicks))
            if (Interlocked.CompareExchange(ref _slowestFailureTicks, ticks, seen) == seen) break;
    }

    public void Dispose() => Clients.Dispose();
}
