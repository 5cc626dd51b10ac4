using Region.TestSupport;

namespace Region.Goals.Tests.Validation;

/// One bad request of a table-driven validation test: what it is (for the reader), the call, and the fields it must name.
public sealed record BadCall(string What, Func<Task> Call, params string[] Fields);

/// The goals side of RpcTables.AllRefusedAsync: each call of the table is INVALID_ARGUMENT naming exactly its
/// fields, never quoting RpcTables.Huge whole, and the tenant's rows are the same afterwards.
public static class Refusals
{
    public static Task AllRefusedAsync(GoalsHost host, string tenant, params BadCall[] table) =>
        RpcTables.AllRefusedAsync(() => host.RowCountsAsync(tenant), table.Select(bad => (bad.Call, bad.Fields)).ToArray());

    /// Text of a given length, for a field's bound and one past it.
    public static string Text(int length) => new('x', length);

    /// Far past every bound: an answer that quoted it whole would fail the table.
    public static string Huge => RpcTables.Huge;
}
