using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf.Reflection;
using Region.Common.V1;

namespace Region.ServiceDefaults.Auth;

/// The access option every rpc of protos/ declares (`option (region.common.v1.access) = ...`), read
/// once from the descriptors compiled into services/Contracts, by gRPC method path.
public static class RpcAccess
{
    private static readonly FrozenDictionary<string, MethodDescriptor> ByPath = typeof(CommonReflection).Assembly.GetTypes()
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(FileDescriptor))
        .SelectMany(p => ((FileDescriptor)p!.GetValue(null)!).Services)
        .SelectMany(s => s.Methods)
        .ToFrozenDictionary(m => Path(m), StringComparer.Ordinal);

    /// Every RPC of every service in protos/.
    public static IReadOnlyCollection<MethodDescriptor> Methods => ByPath.Values;

    /// The path gRPC and ServerCallContext.Method use: /region.budget.v1.BudgetService/AdjustFrame.
    public static string Path(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    /// The RPC's declared access, or null when it declares none (or is not one of ours): refused.
    public static Access? Of(string path) => ByPath.TryGetValue(path, out var method) ? Of(method) : null;

    public static Access? Of(MethodDescriptor method) =>
        method.GetOptions()?.GetExtension(CommonExtensions.Access) is { } access and not Access.Unspecified ? access : null;
}
