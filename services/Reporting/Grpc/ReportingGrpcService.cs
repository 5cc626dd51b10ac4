using Grpc.Core;
using Region.Reporting.Data;
using Region.Reporting.Report;
using Region.ServiceDefaults.Grpc;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Grpc;

/// region.reporting.v1.ReportingService: the follow-up report and the finance queries, answered
/// from the read model only. One partial per resource: the report (.Reports: get, render, watch),
/// the finance queries (.Finance), the rebuild (.Rebuild), which builds the read model anew from
/// the source services' snapshots.
public sealed partial class ReportingGrpcService(ReportingDb db, RequestContext caller, CallerContext token, ReadModelChanges changes, ReadModelRebuild rebuild,
    StreamLimiter streams, ReportSummaries summaries, PdfPrinter pdf, LatestReports reports, ILogger<ReportingGrpcService> logger) : Api.ReportingService.ReportingServiceBase
{
}
