using Grpc.Core;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Domain;
using Region.Contracts.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// Budget years: once closed, a year's frames, financing, outcomes and forecasts are final.
public sealed partial class BudgetGrpcService
{
    public override async Task<Api.BudgetYear> CloseYear(Api.CloseYearRequest request, ServerCallContext context)
    {
        var v = new Violations();
        Input.CheckYear(request.Year, "year", v);
        v.ThrowIfAny();
        var ct = context.CancellationToken;
        // Under the year's exclusive lock: writes to the year (SaveInOpenYearsAsync) either commit
        // before it or wait and then find the year closed.
        var year = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await LockYearExclusivelyAsync(request.Year, ct);
            var stored = await db.Years.SingleOrDefaultAsync(y => y.Year == request.Year, ct);
            if (stored?.WhyNotClose() is { } reason) throw new FailedPreconditionException(reason);
            if (stored is null) db.Years.Add(stored = new BudgetYear { Year = request.Year });
            stored.Close(caller.User, caller.Now);
            db.Enqueue(new BudgetYearClosed(Guid.NewGuid(), caller.Tenant, caller.Now, request.Year));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return stored;
        });
        return new Api.BudgetYear
        {
            Year = year.Year,
            Closed = true,
            ClosedAt = Timestamp.FromDateTimeOffset(year.ClosedAt!.Value),
            ClosedBy = year.ClosedBy,
        };
    }
}
