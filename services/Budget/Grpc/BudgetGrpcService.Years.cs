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
        var year = await db.Years.SingleOrDefaultAsync(y => y.Year == request.Year, context.CancellationToken);
        if (year?.WhyNotClose() is { } reason) throw new FailedPreconditionException(reason);
        if (year is null) db.Years.Add(year = new BudgetYear { Year = request.Year });
        year.Close(caller.User, caller.Now);
        db.Enqueue(new BudgetYearClosed(Guid.NewGuid(), caller.Tenant, caller.Now, request.Year));
        await db.SaveChangesAsync(context.CancellationToken);
        return new Api.BudgetYear
        {
            Year = year.Year,
            Closed = true,
            ClosedAt = Timestamp.FromDateTimeOffset(year.ClosedAt!.Value),
            ClosedBy = year.ClosedBy,
        };
    }
}
