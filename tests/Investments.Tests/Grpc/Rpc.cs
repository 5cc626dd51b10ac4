using Google.Rpc;
using Grpc.Core;

namespace Region.Investments.Tests.Grpc;

/// Assertions on gRPC failures.
public static class Rpc
{
    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(code == e.StatusCode, $"Expected {code}, got {e.StatusCode}: {e.Status.Detail}");
        return e;
    }

    /// INVALID_ARGUMENT with a BadRequest naming exactly these fields (in any order, repeats allowed).
    public static async Task<IReadOnlyList<BadRequest.Types.FieldViolation>> InvalidArgument(Func<Task> call, params string[] fields)
    {
        var e = await FailsWith(StatusCode.InvalidArgument, call);
        var details = e.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(details);
        Assert.Equal(fields.Order(), details.FieldViolations.Select(v => v.Field).Order());
        return details.FieldViolations;
    }

    public static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];
}
