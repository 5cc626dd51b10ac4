using Grpc.Core;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// One wording for a unit the region does not have; a region without any units is told so, not
/// sent looking for a typo.
public sealed class UnknownUnitTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task A_unit_the_region_lacks_is_NOT_FOUND_naming_it_and_the_codes_close_to_it()
    {
        var client = await host.SeededClientAsync(NewTenant());

        var e = await FailsWith(StatusCode.NotFound, () => client.ListBudgetFramesAsync(new() { UnitCode = "rss", Year = 2022 }).ResponseAsync);

        Assert.Equal("Unit 'rss' does not exist in this region. Did you mean RS or RST?", e.Status.Detail);
        var far = await FailsWith(StatusCode.NotFound, () => client.ListBudgetFramesAsync(new() { UnitCode = "FASTIGHET", Year = 2022 }).ResponseAsync);
        Assert.Equal("Unit 'FASTIGHET' does not exist in this region.", far.Status.Detail);
    }

    [Fact]
    public async Task A_region_without_units_says_so()
    {
        var client = host.Client(NewTenant());

        var e = await FailsWith(StatusCode.NotFound, () => client.ListBudgetFramesAsync(new() { UnitCode = "RS", Year = 2022 }).ResponseAsync);

        Assert.Equal("This region has no org units yet, so no unit 'RS': import the region's budget (its units) first.", e.Status.Detail);
    }
}
