using Grpc.Core;
using Region.Reporting.Data;
using Region.Reporting.Report;
using Region.ServiceDefaults.Grpc;
using Region.ServiceDefaults.Requests;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Grpc;

/// region.reporting.v1.ReportingService: the follow-up report and the finance queries, answered
/// from the read model only. One partial per resource: the report (.Reports: get, render, watch),
/// the finance queries (.Finance); this part holds the rebuild, which refills the read model from
/// the source services.
public sealed partial class ReportingGrpcService(ReportingDb db, RequestContext caller, ReadModelChanges changes, ReadModelRebuild rebuild,
    StreamLimiter streams, ReportSummaries summaries, PdfPrinter pdf, LatestReports reports, ILogger<ReportingGrpcService> logger) : Api.ReportingService.ReportingServiceBase
{
    public override async Task<Api.RebuildReadModelResponse> RebuildReadModel(Api.RebuildReadModelRequest request, ServerCallContext context)
    {
        var announced = await rebuild.RunAsync(db, caller.Tenant, context.CancellationToken);
        logger.LogInformation("Read model of {Tenant} wiped; sources announced {Events} events", caller.Tenant, announced.Values.Sum());
        var response = new Api.RebuildReadModelResponse();
        response.Announced.Add(announced);
        return response;
    }
}
