using Grpc.Core;
using Region.Contracts.Events;
using Region.Investments.Domain;
using Region.Investments.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Api = Region.Investments.V1;

namespace Region.Investments.Grpc;

/// Follow-up figures of an object: spending to date and the full-year forecast.
public sealed partial class InvestmentsGrpcService
{
    public override Task<Api.InvestmentObject> RecordSpending(Api.RecordSpendingRequest request, ServerCallContext context) =>
        RecordFigureAsync(request.Id, request.Etag, request.SpentToDate, "spent_to_date", request.AsOf, context.CancellationToken, (o, day) =>
        {
            o.RecordSpending(request.SpentToDate, day, User, Now, request.Invented);
            return new InvestmentSpendingRecorded(Guid.NewGuid(), Tenant, Now, o.State());
        });

    public override Task<Api.InvestmentObject> RecordForecast(Api.RecordForecastRequest request, ServerCallContext context) =>
        RecordFigureAsync(request.Id, request.Etag, request.Forecast, "forecast", request.AsOf, context.CancellationToken, (o, day) =>
        {
            o.RecordForecast(request.Forecast, day, User, Now, request.Invented);
            return new InvestmentForecastRecorded(Guid.NewGuid(), Tenant, Now, o.State());
        });

    /// Spending and forecast alike: validate against the object's year, check the etag, record, announce.
    private async Task<Api.InvestmentObject> RecordFigureAsync(string idText, string etag, long amount, string amountField, string asOf,
        CancellationToken ct, Func<InvestmentObject, DateOnly, IIntegrationEvent> record)
    {
        var v = new Violations();
        var id = ParseId(idText, v);
        Etag.Check(etag, v, what: "the object you read");
        v.ThrowIfAny();
        var o = await RequireObjectAsync(id, ct);
        await RequireInScopeAsync(ct, o.UnitCode);
        var day = InvestmentObject.ValidateFigure(amount, amountField, asOf, "as_of", o.Year, v);
        v.ThrowIfAny();
        MatchEtag(etag, o);
        var before = InvestmentFigures.Weight(o);
        var recorded = record(o, day!.Value);
        await EnsureRegionTotalAsync(before, InvestmentFigures.Weight(o), ct);
        db.Enqueue(recorded);
        await db.SaveChangesAsync(ct);
        return o.ToProto();
    }
}
