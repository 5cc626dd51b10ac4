using Microsoft.EntityFrameworkCore;
using Region.Budget.Domain;

namespace Region.Budget.Data;

/// What identifies one state of a tenant's frames of a year: their number and the sum of their
/// versions. Frames are never deleted and every ledger entry bumps its frame's Version, so any
/// opened frame, adjustment or transfer moves this.
public readonly record struct FramesVersion(int Frames, long VersionSum);

/// What a kept result built from a tenant's frames of a year was checked against: the key's
/// generation (DatabaseChanges, while the change listener is connected), else the frames' version
/// read from the database. A result kept one way never matches a stamp taken the other way.
public readonly record struct FramesStamp(long? Generation, FramesVersion? Version);

/// The versions of a tenant's tree and of its frames of a year, read in one round trip: the calls
/// that answer from kept results (OrgTreeCache, SubtreeFramesCache) ask for them while the change
/// listener is not connected.
public static class BudgetVersions
{
    private sealed record Row(int Units, long UnitVersions, int Frames, long FrameVersions);

    public static async Task<(TreeVersion Tree, FramesVersion Frames)> ReadAsync(BudgetDb db, int year, CancellationToken ct)
    {
        // Raw SQL names the tenant itself: the tenant filter of the DbContext does not reach it.
        var tenant = db.Caller.RequiredTenant;
        var row = await db.Database.SqlQuery<Row>($"""
            SELECT u.n AS "Units", u.s AS "UnitVersions", f.n AS "Frames", f.s AS "FrameVersions"
            FROM (SELECT count(*)::int AS n, coalesce(sum("Version"), 0)::bigint AS s FROM org_units WHERE "Tenant" = {tenant}) u,
                 (SELECT count(*)::int AS n, coalesce(sum("Version"), 0)::bigint AS s FROM budget_frames WHERE "Tenant" = {tenant} AND "Year" = {year}) f
            """).SingleAsync(ct);
        return (new TreeVersion(row.Units, row.UnitVersions), new FramesVersion(row.Frames, row.FrameVersions));
    }
}
