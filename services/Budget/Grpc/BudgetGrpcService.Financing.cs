using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Domain;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// A body's financing (finansförvaltning) and its budget summary: total net budget = financing + the frames' nets.
public sealed partial class BudgetGrpcService
{
    public override async Task<Api.Financing> SetFinancing(Api.SetFinancingRequest request, ServerCallContext context)
    {
        var v = CodeAndYear(request.BodyCode, request.Year, "body_code");
        if (v.Check(request.Amounts is not null, "amounts", "The financing amounts are required."))
            AmountChecks.Financing(request.Amounts.ToDomain(), "amounts", v);
        var matchEtag = Etag.CheckOptional(request.Etag, v);
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var body = RequireUnit(tree, request.BodyCode);
        RequireInScope(tree, body);
        if (!body.CanHaveFinancing)
            throw new ValidationFailedException([new FieldViolation("body_code", $"{body.Code} is a {body.Level}; financing belongs to a body.")]);
        var financing = await UpsertFinancingAsync(body, request.Year, request.Amounts.ToDomain(), context.CancellationToken,
            matchEtag ? request.Etag : null);
        try
        {
            await SaveInOpenYearsAsync([request.Year], context.CancellationToken);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            throw new ConcurrencyConflictException($"The {request.Year} financing of {body.Code} was set by someone else at the same time; read it and send yours again.");
        }
        return new Api.Financing { BodyCode = body.Code, Year = request.Year, Amounts = financing.Amounts.ToProto(), Etag = Etag.Of(financing.Version) };
    }

    /// Sets the body's financing for the year and enqueues FinancingSet; the caller saves. With an
    /// etag, ABORTED unless it is the financing's (Etag.None: there is none yet).
    private async Task<Financing> UpsertFinancingAsync(OrgUnit body, int year, FinancingData amounts, CancellationToken ct, string? etag = null)
    {
        var financing = await db.Financing.SingleOrDefaultAsync(f => f.BodyUnitId == body.Id && f.Year == year, ct);
        if (etag is not null) Etag.Match(etag, EtagOf(financing), $"the {year} financing of {body.Code}");
        if (financing is null) db.Financing.Add(financing = new Financing { BodyUnitId = body.Id, Year = year, Amounts = amounts });
        else
        {
            financing.Amounts = amounts;
            financing.Version++;
        }
        db.Enqueue(new FinancingSet(Guid.NewGuid(), caller.Tenant, caller.Now, body.Code, year, amounts, financing.Version));
        return financing;
    }

    public override async Task<Api.BudgetSummary> GetBudgetSummary(Api.GetBudgetSummaryRequest request, ServerCallContext context)
    {
        CodeAndYear(request.BodyCode, request.Year, "body_code").ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var body = RequireUnit(tree, request.BodyCode);
        var frames = await LoadFramesAsync(tree.Subtree(body).Select(x => x.Unit.Id).ToList(), request.Year, context.CancellationToken);
        var officials = FrameAmounts.Sum(frames.Values.Where(f => f.Category == FrameCategory.Officials).Select(f => f.Current));
        var elected = FrameAmounts.Sum(frames.Values.Where(f => f.Category == FrameCategory.ElectedMembers).Select(f => f.Current));
        var stored = await db.Financing.AsNoTracking().SingleOrDefaultAsync(f => f.BodyUnitId == body.Id && f.Year == request.Year, context.CancellationToken);
        var financing = stored?.Amounts ?? new FinancingData(0, 0, 0, 0, 0);
        return new Api.BudgetSummary
        {
            BodyCode = body.Code,
            Year = request.Year,
            Officials = officials.ToProto(),
            ElectedMembers = elected.ToProto(),
            Financing = financing.ToProto(),
            TotalNetBudget = financing.Total + officials.Net + elected.Net,
            FinancingEtag = EtagOf(stored),
        };
    }

    private static string EtagOf(Financing? financing) => financing is null ? Etag.None : Etag.Of(financing.Version);
}
