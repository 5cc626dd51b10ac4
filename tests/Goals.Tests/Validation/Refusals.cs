using Region.TestSupport;

namespace Region.Goals.Tests.Validation;

/// One bad request of a table-driven validation test: what it is, the call, and the fields it must name.
public sealed record BadCall(string What, Func<Task> Call, params string[] Fields);

/// Runs a table of bad requests against one tenant: each must be INVALID_ARGUMENT with a BadRequest
/// naming exactly its fields, say so in a few words (never the caller's input at length), and write nothing.
public static class Refusals
{
    /// A description that quotes input through Input.Quote stays well below this; the error mapping
    /// would cut it at 300, so a longer one means input was echoed unbounded.
    private const int MaxDescription = 250;

    public static async Task AllRefusedAsync(GoalsHost host, string tenant, params BadCall[] table)
    {
        var before = await host.RowCountsAsync(tenant);
        foreach (var bad in table)
        {
            var violations = await Record.ExceptionAsync(async () =>
            {
                foreach (var violation in await Rpc.InvalidArgument(bad.Call, bad.Fields))
                    Assert.True(violation.Description.Length < MaxDescription, $"{violation.Field}: {violation.Description.Length} characters");
            });
            Assert.True(violations is null, $"{bad.What}: {violations?.Message}");
        }
        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    /// Text of a given length, for a field's bound and one past it.
    public static string Text(int length) => new('x', length);
}
