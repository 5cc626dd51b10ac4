using Region.Common.V1;
using Region.ServiceDefaults.Auth;
using Xunit;

namespace Region.ServiceDefaults.Tests.Auth;

/// The access option of every rpc in protos/, and which roles each level lets in.
public sealed class RpcAccessTests
{
    [Fact]
    public void Every_rpc_in_protos_declares_its_access()
    {
        Assert.True(RpcAccess.Methods.Count > 50, $"Only {RpcAccess.Methods.Count} rpcs found in services/Contracts.");
        var undeclared = RpcAccess.Methods.Where(m => RpcAccess.Of(m) is null).Select(RpcAccess.Path).ToList();
        Assert.True(undeclared.Count == 0, "Declare (region.common.v1.access) on: " + string.Join(", ", undeclared));
    }

    [Fact]
    public void Declared_access_is_found_by_the_grpc_path()
    {
        Assert.Equal(Access.Finance, RpcAccess.Of("/region.budget.v1.BudgetService/AdjustFrame"));
        Assert.Equal(Access.Read, RpcAccess.Of("/region.reporting.v1.ReportingService/WatchReport"));
        Assert.Equal(Access.Admin, RpcAccess.Of("/region.reporting.v1.ReportingService/RebuildReadModel"));
        Assert.Equal(Access.Snapshot, RpcAccess.Of("/region.goals.v1.GoalsService/AnnounceSnapshot"));
        Assert.Null(RpcAccess.Of("/region.budget.v1.BudgetService/NoSuchRpc"));
    }

    /// A safety net under the declarations: a new change declared READ by mistake, or a read
    /// declared more narrowly than READ, fails here.
    [Fact]
    public void Reads_are_READ_and_no_change_is_open_to_readers()
    {
        string[] reads = ["Get", "List", "Stream", "Watch", "Render", "Export", "Diff"];
        // The reads narrower on purpose (docs/security.md): the audit trail names people and is the
        // controller's; a calendar's feed addresses are who-may-read settings, for those who make them;
        // dead letters are events of every kind, with their payloads: the admin's, as replaying them is;
        // the notifications sent name people and their addresses: the controller's, who chases the reports.
        var narrower = new Dictionary<string, Access>
        {
            ["/region.common.v1.AuditService/ListAuditEntries"] = Access.Control,
            ["/region.common.v1.DeadLetterService/ListDeadLetters"] = Access.Admin,
            ["/region.common.v1.DeadLetterService/GetDeadLetter"] = Access.Admin,
            ["/region.meetings.v1.MeetingsService/ListCalendarFeeds"] = Access.Plan,
            ["/region.notifications.v1.NotificationsService/ListNotifications"] = Access.Control,
            ["/region.reporting.v1.ReportingService/GetReadModelRebuild"] = Access.Admin,
        };
        Assert.All(narrower, x => Assert.Equal(x.Value, RpcAccess.Of(x.Key)));
        var wrong = RpcAccess.Methods
            .Where(m => !narrower.ContainsKey(RpcAccess.Path(m)))
            .Where(m => reads.Any(r => m.Name.StartsWith(r, StringComparison.Ordinal)) != (RpcAccess.Of(m) == Access.Read))
            .Select(m => $"{RpcAccess.Path(m)}: {RpcAccess.Of(m)}").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.All(RpcAccess.Methods.Where(m => m.Name.StartsWith("Import", StringComparison.Ordinal) || m.Name is "CloseYear" or "RebuildReadModel" or "GetReadModelRebuild"),
            m => Assert.Equal(Access.Admin, RpcAccess.Of(m)));
        Assert.All(RpcAccess.Methods.Where(m => m.Name == "AnnounceSnapshot"), m => Assert.Equal(Access.Snapshot, RpcAccess.Of(m)));
        Assert.All(RpcAccess.Methods.Where(m => m.Name.EndsWith("DeadLetter", StringComparison.Ordinal) || m.Name == "ListDeadLetters"),
            m => Assert.Equal(Access.Admin, RpcAccess.Of(m)));
    }

    [Theory]
    [InlineData(Access.Read, "reader planner finance controller admin")]
    [InlineData(Access.Plan, "planner admin")]
    [InlineData(Access.Finance, "finance admin")]
    [InlineData(Access.Control, "controller admin")]
    [InlineData(Access.Admin, "admin")]
    [InlineData(Access.Snapshot, "admin snapshot")]
    [InlineData(Access.Unspecified, "")]
    public void Each_level_lets_in_exactly_these_roles(Access access, string roles)
    {
        var expected = roles.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, RegionRoles.All.Where(r => RegionRoles.Allows(access, [r])));
    }
}
