using System.Globalization;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Common.V1;
using Region.Contracts.Events;
using Region.Investments.Data;
using Region.Investments.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Outbox;
using Api = Region.Investments.V1;

namespace Region.Investments.Grpc;

/// region.investments.v1.InvestmentsService: validates each request as a whole, changes the model
/// and writes the events to the outbox in the same SaveChanges, so a rejected request writes
/// nothing and an accepted one is always announced. Units are checked against the org-unit replica.
public sealed class InvestmentsGrpcService(InvestmentsDb db, TimeProvider clock, ILogger<InvestmentsGrpcService> logger)
    : Api.InvestmentsService.InvestmentsServiceBase
{
    private const int MaxYearSpan = 50;

    private string Tenant => db.Caller.RequiredTenant;
    private string User => db.Caller.User;
    private DateTimeOffset Now => clock.GetUtcNow();

    // ---------- Plans ----------

    public override async Task<Api.Plan> CreatePlan(Api.CreatePlanRequest request, ServerCallContext context)
    {
        var tree = await OrgUnitReplicaTree.LoadAsync(db, context.CancellationToken);
        var v = new Violations();
        InvestmentPlan.Validate(request.BodyCode, request.Year, request.DecisionReference, code => tree.Find(code) is not null, v);
        v.ThrowIfAny();
        var plan = await NewPlanAsync(tree, request.BodyCode, request.Year, request.DecisionReference, null, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Investment plan {Body} {Year} created", plan.BodyCode, plan.Year);
        return plan.ToProto();
    }

    public override async Task<Api.PlanReport> GetPlan(Api.GetPlanRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.BodyCode), "body_code", "A body code is required.");
        CheckYear(request.Year, v);
        if (!string.IsNullOrWhiteSpace(request.UnitCode))
            v.Check(tree.Find(request.UnitCode) is not null, "unit_code", $"Unit '{request.UnitCode}' is not known.");
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(tree, request.BodyCode, request.Year, ct);
        var root = string.IsNullOrWhiteSpace(request.UnitCode) ? plan.BodyCode : tree.Find(request.UnitCode)!.Code;
        var inScope = tree.SubtreeCodes(root);
        var objects = (await db.Objects.AsNoTracking().Where(o => o.PlanId == plan.Id).ToListAsync(ct))
            .Where(o => inScope.Contains(o.UnitCode))
            .OrderBy(o => o.UnitCode, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
        var totals = PlanTotals.Of(objects, UnitsWithObjects(tree, root, objects), tree.SubtreeCodes);

        var report = new Api.PlanReport { Plan = plan.ToProto(), Total = totals.Total.ToProto() };
        report.Objects.AddRange(objects.Select(o => o.ToProto()));
        report.ByKind.AddRange(totals.ByKind.Select(t => t.ToProto()));
        report.ByCategory.AddRange(totals.ByCategory.Select(t => t.ToProto()));
        report.ByUnit.AddRange(totals.ByUnit.Select(t => t.ToProto()));
        return report;
    }

    public override async Task<Api.ImportPlanTableResponse> ImportPlanTable(Api.ImportPlanTableRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var v = new Violations();
        InvestmentPlan.Validate(request.BodyCode, request.Year, request.DecisionReference, code => tree.Find(code) is not null, v);
        var bodyUnits = BodyUnits(tree, request.BodyCode);
        long? statedKsek = request.StatedTotalKsek == 0 ? null : request.StatedTotalKsek;
        var rows = PlanTable.Check(request.Rows.Select(r => r.ToDomain()).ToList(), statedKsek, bodyUnits.Contains, v);
        v.ThrowIfAny();

        var plan = await NewPlanAsync(tree, request.BodyCode, request.Year, request.DecisionReference, statedKsek is { } k ? Ksek.ToSek(k) : null, ct);
        var status = plan.DecisionReference is null ? InvestmentStatus.Planned : InvestmentStatus.Decided;
        foreach (var row in rows)
        {
            var o = InvestmentObject.Create(plan, row, status, plan.DecisionReference, User, Now);
            db.Objects.Add(o);
            db.Enqueue(new InvestmentObjectAdded(Guid.NewGuid(), Tenant, Now, o.ToState()));
        }
        var total = rows.Sum(r => r.Amount);
        var findings = PlanTable.CheckTotal(plan.StatedTotal, rows) is { } f ? new List<InvestmentTableFinding> { f } : [];
        db.Enqueue(new InvestmentPlanTableImported(Guid.NewGuid(), Tenant, Now, plan.Id, plan.BodyCode, plan.Year, rows.Count, total, findings));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Investment plan {Body} {Year} imported: {Rows} objects, total {Total}, {Findings} findings",
            plan.BodyCode, plan.Year, rows.Count, total, findings.Count);

        var response = new Api.ImportPlanTableResponse { Plan = plan.ToProto(), Objects = rows.Count, Total = total };
        response.Findings.AddRange(findings.Select(x => x.ToProto()));
        return response;
    }

    // ---------- Objects ----------

    public override async Task<Api.InvestmentObject> AddObject(Api.AddObjectRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var fields = request.Object.ToDomain();
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.BodyCode), "body_code", "A body code is required.");
        CheckYear(request.Year, v);
        fields.Validate("object.", BodyUnits(tree, request.BodyCode).Contains, v);
        v.Check(request.RequestId.Length <= InvestmentObject.MaxRequestIdLength, "request_id", $"At most {InvestmentObject.MaxRequestIdLength} characters.");
        v.ThrowIfAny();
        var requestId = string.IsNullOrWhiteSpace(request.RequestId) ? null : request.RequestId.Trim();
        // A retry of a call that already went through: the object it added, nothing written.
        if (requestId is not null && await db.Objects.AsNoTracking().SingleOrDefaultAsync(x => x.RequestId == requestId, ct) is { } added)
            return added.ToProto();
        var plan = await RequirePlanAsync(tree, request.BodyCode, request.Year, ct);
        if (fields.UrgentPool) await CheckOnePoolAsync(plan.Id, null, ct);

        var o = InvestmentObject.Create(plan, fields, InvestmentStatus.Planned, null, User, Now);
        o.RequestId = requestId;
        db.Objects.Add(o);
        db.Enqueue(new InvestmentObjectAdded(Guid.NewGuid(), Tenant, Now, o.ToState()));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Investment {Id} added to {Body} {Year}: {Amount}", o.Id, plan.BodyCode, plan.Year, o.Amount);
        return o.ToProto();
    }

    public override async Task<Api.InvestmentObject> GetObject(Api.GetObjectRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var id = ParseId(request.Id, v);
        v.ThrowIfAny();
        var o = await RequireObjectAsync(id, context.CancellationToken);
        return o.ToProto(withHistory: true);
    }

    public override async Task<Api.InvestmentObject> UpdateObject(Api.UpdateObjectRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var id = ParseId(request.Id, v);
        RequireEtag(request.Etag, v);
        v.ThrowIfAny();
        var o = await RequireObjectAsync(id, ct);
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var fields = request.Object.ToDomain();
        fields.Validate("object.", BodyUnits(tree, o.BodyCode).Contains, v);
        v.ThrowIfAny();
        CheckEtag(request.Etag, o);
        if (fields.UrgentPool) await CheckOnePoolAsync(o.PlanId, o.Id, ct);
        o.Apply(fields, User, Now);
        db.Enqueue(new InvestmentObjectChanged(Guid.NewGuid(), Tenant, Now, o.ToState()));
        await db.SaveChangesAsync(ct);
        return o.ToProto();
    }

    public override async Task<Api.InvestmentObject> ChangeStatus(Api.ChangeStatusRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var to = request.Status.ToDomain();
        var v = new Violations();
        var id = ParseId(request.Id, v);
        RequireEtag(request.Etag, v);
        v.Check(to is not null, "status", "Say which status the object moves to.");
        InvestmentPlan.ValidateReference(request.DecisionReference, "decision_reference", v);
        v.ThrowIfAny();
        var o = await RequireObjectAsync(id, ct);
        CheckEtag(request.Etag, o);
        var reference = NullIfEmpty(request.DecisionReference);
        if (reference is null && to == InvestmentStatus.Decided && o.DecisionReference is null)
            reference = (await db.Plans.AsNoTracking().SingleAsync(p => p.Id == o.PlanId, ct)).DecisionReference;
        var from = o.ChangeStatus(to!.Value, reference, User, Now);
        db.Enqueue<IIntegrationEvent>(to == InvestmentStatus.Decided
            ? new InvestmentDecided(Guid.NewGuid(), Tenant, Now, o.ToState())
            : new InvestmentStatusChanged(Guid.NewGuid(), Tenant, Now, from.ToString(), o.ToState()));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Investment {Id} {From} → {To}", o.Id, from, o.Status);
        return o.ToProto();
    }

    public override Task<Api.InvestmentObject> RecordSpending(Api.RecordSpendingRequest request, ServerCallContext context) =>
        RecordFigureAsync(request.Id, request.Etag, request.SpentToDate, "spent_to_date", request.AsOf, context.CancellationToken, (o, day) =>
        {
            o.RecordSpending(request.SpentToDate, day, User, Now);
            return new InvestmentSpendingRecorded(Guid.NewGuid(), Tenant, Now, o.ToState());
        });

    public override Task<Api.InvestmentObject> RecordForecast(Api.RecordForecastRequest request, ServerCallContext context) =>
        RecordFigureAsync(request.Id, request.Etag, request.Forecast, "forecast", request.AsOf, context.CancellationToken, (o, day) =>
        {
            o.RecordForecast(request.Forecast, day, User, Now);
            return new InvestmentForecastRecorded(Guid.NewGuid(), Tenant, Now, o.ToState());
        });

    /// Spending and forecast alike: validate against the object's year, check the etag, record, announce.
    private async Task<Api.InvestmentObject> RecordFigureAsync(string idText, string etag, long amount, string amountField, string asOf,
        CancellationToken ct, Func<InvestmentObject, DateOnly, IIntegrationEvent> record)
    {
        var v = new Violations();
        var id = ParseId(idText, v);
        RequireEtag(etag, v);
        v.ThrowIfAny();
        var o = await RequireObjectAsync(id, ct);
        var day = InvestmentObject.ValidateFigure(amount, amountField, asOf, "as_of", o.Year, v);
        v.ThrowIfAny();
        CheckEtag(etag, o);
        db.Enqueue(record(o, day!.Value));
        await db.SaveChangesAsync(ct);
        return o.ToProto();
    }

    // ---------- Queries ----------

    public override async Task<Api.ListObjectsResponse> ListObjects(Api.ListObjectsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var v = new Violations();
        if (v.Check(!string.IsNullOrWhiteSpace(request.UnitCode), "unit_code", "A unit code is required."))
            v.Check(tree.Find(request.UnitCode) is not null, "unit_code", $"Unit '{request.UnitCode}' is not known.");
        if (request.Year != 0) CheckYear(request.Year, v);
        v.ThrowIfAny();
        var codes = tree.SubtreeCodes(request.UnitCode).ToList();
        var objects = await db.Objects.AsNoTracking()
            .Where(o => codes.Contains(o.UnitCode) && (request.Year == 0 || o.Year == request.Year))
            .OrderBy(o => o.Year).ThenBy(o => o.UnitCode).ThenBy(o => o.Name).ToListAsync(ct);
        var response = new Api.ListObjectsResponse { Total = Totals.Of(tree.Find(request.UnitCode)!.Code, objects).ToProto() };
        response.Objects.AddRange(objects.Select(o => o.ToProto()));
        return response;
    }

    public override async Task<Api.GetNetInvestmentsResponse> GetNetInvestments(Api.GetNetInvestmentsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var v = new Violations();
        var fromOk = v.Check(InvestmentPlan.IsValidYear(request.FromYear), "from_year", $"A year between {InvestmentPlan.FirstYear} and {InvestmentPlan.LastYear}.");
        var toOk = v.Check(InvestmentPlan.IsValidYear(request.ToYear), "to_year", $"A year between {InvestmentPlan.FirstYear} and {InvestmentPlan.LastYear}.");
        if (fromOk && toOk && v.Check(request.FromYear <= request.ToYear, "to_year", "Not before from_year."))
            v.Check(request.ToYear - request.FromYear < MaxYearSpan, "to_year", $"At most {MaxYearSpan} years at once.");
        if (!string.IsNullOrWhiteSpace(request.UnitCode))
            v.Check(tree.Find(request.UnitCode) is not null, "unit_code", $"Unit '{request.UnitCode}' is not known.");
        v.ThrowIfAny();
        var query = db.Objects.AsNoTracking().Where(o => o.Year >= request.FromYear && o.Year <= request.ToYear);
        if (!string.IsNullOrWhiteSpace(request.UnitCode))
        {
            var codes = tree.SubtreeCodes(request.UnitCode).ToList();
            query = query.Where(o => codes.Contains(o.UnitCode));
        }
        var objects = await query.ToListAsync(ct);
        var response = new Api.GetNetInvestmentsResponse();
        for (var year = request.FromYear; year <= request.ToYear; year++)
        {
            var key = year.ToString(CultureInfo.InvariantCulture);
            var y = year;
            response.Years.Add(new Api.YearInvestments { Year = year, Totals = Totals.Of(key, objects.Where(o => o.Year == y)).ToProto() });
        }
        return response;
    }

    // ---------- Admin ----------

    public override async Task<AnnounceSnapshotResponse> AnnounceSnapshot(AnnounceSnapshotRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var plans = await db.Plans.AsNoTracking().OrderBy(p => p.Year).ThenBy(p => p.BodyCode).ToListAsync(ct);
        var objects = await db.Objects.AsNoTracking().OrderBy(o => o.Year).ThenBy(o => o.UnitCode).ThenBy(o => o.Name).ToListAsync(ct);
        foreach (var plan in plans) db.Enqueue(new InvestmentPlanCreated(Guid.NewGuid(), Tenant, Now, plan.ToState()));
        foreach (var o in objects) db.Enqueue(new InvestmentObjectAdded(Guid.NewGuid(), Tenant, Now, o.ToState()));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Snapshot announced: {Plans} plans, {Objects} objects", plans.Count, objects.Count);
        return new AnnounceSnapshotResponse { Events = plans.Count + objects.Count };
    }

    // ---------- Shared steps ----------

    /// Adds a new plan and its event (not saved); the caller validated body, year and reference.
    private async Task<InvestmentPlan> NewPlanAsync(OrgUnitReplicaTree tree, string bodyCode, int year, string decisionReference, long? statedTotal, CancellationToken ct)
    {
        var code = tree.Find(bodyCode)!.Code;
        if (await db.Plans.AnyAsync(p => p.BodyCode == code && p.Year == year, ct))
            throw new AlreadyExistsException($"{code} already has an investment plan for {year}.");
        var plan = new InvestmentPlan { BodyCode = code, Year = year, DecisionReference = NullIfEmpty(decisionReference), StatedTotal = statedTotal, CreatedBy = User, CreatedAt = Now };
        db.Plans.Add(plan);
        db.Enqueue(new InvestmentPlanCreated(Guid.NewGuid(), Tenant, Now, plan.ToState()));
        return plan;
    }

    private async Task<InvestmentPlan> RequirePlanAsync(OrgUnitReplicaTree tree, string bodyCode, int year, CancellationToken ct)
    {
        var code = tree.Find(bodyCode.Trim())?.Code ?? bodyCode.Trim();
        return await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.BodyCode == code && p.Year == year, ct)
            ?? throw new NotFoundException($"{bodyCode} has no investment plan for {year}.");
    }

    private async Task<InvestmentObject> RequireObjectAsync(Guid id, CancellationToken ct) =>
        await db.Objects.Include(o => o.History).SingleOrDefaultAsync(o => o.Id == id, ct)
        ?? throw new NotFoundException($"Investment object '{id}' does not exist.");

    private async Task CheckOnePoolAsync(Guid planId, Guid? except, CancellationToken ct)
    {
        if (await db.Objects.AnyAsync(o => o.PlanId == planId && o.UrgentPool && o.Id != except, ct))
            throw new ValidationFailedException([new FieldViolation("object.urgent_pool", "The plan already has its pool for urgent investments.")]);
    }

    /// The codes an object of the body's plan may name: the body's subtree (empty for an unknown body).
    private static HashSet<string> BodyUnits(OrgUnitReplicaTree tree, string bodyCode) =>
        string.IsNullOrWhiteSpace(bodyCode) ? [] : tree.SubtreeCodes(bodyCode.Trim());

    /// The root's subtree units whose subtree holds an object, depth first.
    private static IEnumerable<string> UnitsWithObjects(OrgUnitReplicaTree tree, string root, IReadOnlyList<InvestmentObject> objects)
    {
        var withObjects = objects.Select(o => o.UnitCode).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return tree.Subtree(root).Select(u => u.Code).Where(code => tree.SubtreeCodes(code).Overlaps(withObjects)).ToList();
    }

    private static Guid ParseId(string id, Violations v) =>
        v.Check(Guid.TryParse(id, out var guid), "id", "An object id (a UUID) is required.") ? guid : Guid.Empty;

    private static void RequireEtag(string etag, Violations v) =>
        v.Check(!string.IsNullOrWhiteSpace(etag), "etag", "Send the etag of the object you read.");

    private static void CheckEtag(string etag, InvestmentObject o)
    {
        if (etag != o.Etag)
            throw new ConcurrencyConflictException($"Investment object '{o.Name}' has changed since you read it (etag {etag}, now {o.Etag}); read it again.");
    }

    private static void CheckYear(int year, Violations v) =>
        v.Check(InvestmentPlan.IsValidYear(year), "year", $"A year between {InvestmentPlan.FirstYear} and {InvestmentPlan.LastYear}.");

    private static string? NullIfEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
