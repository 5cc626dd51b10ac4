using Region.Budget.Domain;
using Region.Contracts.Budget;
using Region.ServiceDefaults.Requests;

namespace Region.Budget.Tests.Domain;

public sealed class FrameLedgerTests
{
    private static BudgetFrame Frame(long personnel) => new()
    {
        Year = 2022,
        Category = FrameCategory.Officials,
        Opening = FrameAmounts.Of(BudgetColumn.PersonnelCosts, personnel),
    };

    [Fact]
    public void The_frame_in_force_is_opening_plus_every_ledger_entry()
    {
        var frame = Frame(-100_000_000);
        frame.Adjust(AdjustmentKind.Prioritisation, FrameAmounts.Of(BudgetColumn.PersonnelCosts, -8_200_000), "Studiemedel", "RS/775/2020", "a", DateTimeOffset.UnixEpoch);
        frame.Adjust(AdjustmentKind.IndexUplift, FrameAmounts.Of(BudgetColumn.OtherExternalCosts, -1_000_000), "LPIK", null, "a", DateTimeOffset.UnixEpoch);

        Assert.Equal(-100_000_000, frame.Opening.Net);
        Assert.Equal(-9_200_000, frame.Adjustments.Net);
        Assert.Equal(-109_200_000, frame.Current.Net);
        Assert.Equal(-108_200_000, frame.Current.PersonnelCosts);
        Assert.Equal(2, frame.LedgerEntries);
    }

    [Fact]
    public void Every_entry_bumps_the_etag()
    {
        var frame = Frame(-1);
        var before = Etag.Of(frame.Version);
        frame.Adjust(AdjustmentKind.Other, FrameAmounts.Of(BudgetColumn.PersonnelCosts, -1), "x", null, "a", DateTimeOffset.UnixEpoch);
        Assert.NotEqual(before, Etag.Of(frame.Version));
    }

    [Fact]
    public void A_transfer_leaves_the_sum_of_two_frames_unchanged()
    {
        var giver = Frame(-50_000_000);
        var receiver = Frame(-20_000_000);
        var before = giver.Current + receiver.Current;
        var change = FrameAmounts.Of(BudgetColumn.PersonnelCosts, -900_000);
        var id = Guid.NewGuid();
        giver.Adjust(AdjustmentKind.Transfer, -change, "Smittskyddsläkare", null, "a", DateTimeOffset.UnixEpoch, transferId: id);
        receiver.Adjust(AdjustmentKind.Transfer, change, "Smittskyddsläkare", null, "a", DateTimeOffset.UnixEpoch, transferId: id);

        Assert.Equal(before, giver.Current + receiver.Current);
        Assert.Equal(-49_100_000, giver.Current.Net);
        Assert.Equal(-20_900_000, receiver.Current.Net);
    }

    [Theory]
    [InlineData("RS/775/2020", true)]
    [InlineData("RS/44/2020", true)]
    [InlineData("rs/775/2020", false)]
    [InlineData("RS-775-2020", false)]
    [InlineData("RS/775/20", false)]
    public void Case_numbers_follow_body_number_year(string value, bool valid) => Assert.Equal(valid, CaseNumber.IsValid(value));

    [Fact]
    public void Weights_must_be_twelve_non_negative_with_a_positive_sum()
    {
        var v = new Region.ServiceDefaults.Errors.Violations();
        BudgetFrame.ValidateWeights([1, 2, 3], v);
        Assert.Single(v.Items);

        v = new();
        BudgetFrame.ValidateWeights([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1], v);
        Assert.Equal(2, v.Items.Count);

        v = new();
        BudgetFrame.ValidateWeights([], v);
        Assert.False(v.Any);
    }
}
