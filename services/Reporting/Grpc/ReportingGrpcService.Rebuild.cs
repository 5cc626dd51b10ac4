using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Region.Reporting.ReadModel;
using Region.ServiceDefaults.Errors;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Grpc;

/// The rebuild of the caller's tenant's read model: start it, follow it (ReadModel/ReadModelRebuild,
/// RebuildMonitor).
public sealed partial class ReportingGrpcService
{
    public override async Task<Api.RebuildReadModelResponse> RebuildReadModel(Api.RebuildReadModelRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var id = await rebuild.StartAsync(db, caller.Tenant, ct);
        var view = await RebuildProgress.ReadAsync(db, caller.Tenant, id, ct);
        var response = new Api.RebuildReadModelResponse { Rebuild = ToApi(view!) };
        foreach (var source in view!.Sources.Where(s => s.Announced is not null)) response.Announced[source.Source] = source.Announced!.Value;
        logger.LogInformation("Read-model rebuild {Rebuild} of {Tenant} started; sources announced {Events} events", id, caller.Tenant, response.Announced.Values.Sum());
        return response;
    }

    public override async Task<Api.ReadModelRebuild> GetReadModelRebuild(Api.GetReadModelRebuildRequest request, ServerCallContext context)
    {
        Guid? id = null;
        if (request.RebuildId.Length > 0)
        {
            if (!Guid.TryParse(request.RebuildId, out var parsed))
                throw new ValidationFailedException([new FieldViolation("rebuild_id", "A rebuild id is the id RebuildReadModel answered (a UUID).")]);
            id = parsed;
        }
        var view = await RebuildProgress.ReadAsync(db, caller.Tenant, id, context.CancellationToken)
            ?? throw new NotFoundException(id is null ? "This region's read model has never been rebuilt." : "No rebuild of this region's read model has that id.");
        return ToApi(view);
    }

    static Api.ReadModelRebuild ToApi(RebuildView view)
    {
        var r = view.Rebuild;
        var answer = new Api.ReadModelRebuild
        {
            RebuildId = r.Id.ToString(), RequestedBy = r.RequestedBy, Failure = r.Failure ?? "",
            State = r.Status switch
            {
                RebuildStatus.Running => Api.RebuildState.Running,
                RebuildStatus.Done => Api.RebuildState.Done,
                _ => Api.RebuildState.Failed,
            },
            StartedAt = Timestamp.FromDateTimeOffset(r.StartedAt), Deadline = Timestamp.FromDateTimeOffset(r.Deadline),
            FinishedAt = r.FinishedAt is { } finished ? Timestamp.FromDateTimeOffset(finished) : null,
        };
        foreach (var s in view.Sources)
        {
            var source = new Api.RebuildSource
            {
                Source = s.Source, Received = s.Received,
                // A snapshot that arrived although its call failed (an answer lost on the way) counts.
                State = s.Done ? Api.RebuildSourceState.Complete
                    : s.MarkerArrived ? Api.RebuildSourceState.Receiving
                    : s.Unreachable ? Api.RebuildSourceState.Unreachable
                    : Api.RebuildSourceState.Requested,
                Error = s.Unreachable && r.Status == RebuildStatus.Running
                    ? $"{s.Unanswered}; asking again every {ReadModelRebuild.AskAgainAfter.TotalSeconds:0} s until the deadline"
                    : s.Unanswered,
            };
            if (s.Announced is { } announced) source.Announced = announced;
            if (s.Expected is { } expected) source.Expected = expected;
            answer.Sources.Add(source);
        }
        return answer;
    }
}
