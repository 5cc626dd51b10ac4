using Region.Budget.V1;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// "No data is not zero" (issue 22): a listing or deviation of a year in which no unit of the
/// subtree has a frame names the years in which one does, so regionctl can say so instead of
/// printing zeros; an answer with frames leaves the field empty.
public sealed class YearsWithFramesTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task A_year_without_frames_names_the_subtrees_years_with_frames_and_a_year_with_frames_names_none()
    {
        var client = await host.SeededClientAsync(NewTenant());
        await client.OpenFrameAsync(new() { UnitCode = "RD", Year = 2024, Category = FrameCategory.Officials, Opening = new() { OtherExternalCosts = -5, Net = -5 } });

        var rs2021 = await client.ListBudgetFramesAsync(new() { UnitCode = "RS", Year = 2021 });
        var ftm2024 = await client.ListBudgetFramesAsync(new() { UnitCode = "RS-FTM", Year = 2024 });
        var deviation2023 = await client.GetDeviationAsync(new() { UnitCode = "RS", Year = 2023, ThroughMonth = 8, IncludeSubtree = true });

        Assert.All(rs2021.Units, u => Assert.Null(u.Frame));
        Assert.Equal([2022, 2024], rs2021.YearsWithFrames);
        // Only RD has a 2024 frame, and RD is not under RS-FTM.
        Assert.Equal([2022], ftm2024.YearsWithFrames);
        Assert.Empty(deviation2023.Rows);
        Assert.Equal([2022, 2024], deviation2023.YearsWithFrames);

        Assert.Empty((await client.ListBudgetFramesAsync(new() { UnitCode = "RS", Year = 2022 })).YearsWithFrames);
        Assert.Empty((await client.ListBudgetFramesAsync(new() { UnitCode = "RS", Year = 2024 })).YearsWithFrames);
        Assert.Empty((await client.GetDeviationAsync(new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8, IncludeSubtree = true })).YearsWithFrames);
    }

    [Fact]
    public async Task Units_without_any_frame_name_no_year()
    {
        var client = host.Client(NewTenant());
        await Seed2022.CreateUnitsAsync(client);

        var listed = await client.ListBudgetFramesAsync(new() { UnitCode = "RS", Year = 2022 });
        var deviation = await client.GetDeviationAsync(new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8, IncludeSubtree = true });

        Assert.Equal(6, listed.Units.Count);
        Assert.All(listed.Units, u => Assert.Null(u.Frame));
        Assert.Empty(listed.YearsWithFrames);
        Assert.Empty(deviation.YearsWithFrames);
    }
}
