using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Meetings.Data;
using Region.Meetings.V1;
using static Region.TestSupport.Rpc;
using static Region.TestSupport.RpcTables;
using static Region.Meetings.Tests.Grpc.Sample;
using Model = Region.Meetings.Domain;

namespace Region.Meetings.Tests.Grpc;

/// Calls that race are answered as if they had come one after the other: the database decides
/// (an exclusion constraint for meetings' days, unique indexes for calendars and plans), the caller
/// hears which meeting is in the way, never a constraint's name.
public sealed class ConcurrencyTests(MeetingsHost host) : IClassFixture<MeetingsHost>
{
    private async Task<MeetingsService.MeetingsServiceClient> CalendarAsync(string tenant)
    {
        host.Clock.SetToday(2022, 1, 10);
        var client = host.Client(tenant);
        await client.ImportCalendarAsync(Calendar());
        return client;
    }

    [Fact]
    public async Task Meetings_scheduled_at_once_on_one_day_leave_one_and_the_others_hear_which_is_in_the_way()
    {
        var tenant = NewTenant();
        var client = await CalendarAsync(tenant);

        var (answers, failures) = await AtOnceAsync(8, i => client.ScheduleMeetingAsync(new()
        {
            BodyCode = "RS", Year = 2022,
            Meeting = new MeetingInput { Kind = MeetingKind.BudgetDay, Title = $"Budgetdag {i}", StartDate = Date(6, 7 + i % 2), EndDate = Date(6, 8) },
        }).ResponseAsync);

        var winner = Assert.Single(answers);
        Assert.All(failures, e => Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode));
        Assert.All(failures, e => Assert.Contains($"(id {winner.Id})", e.Status.Detail));
        var june = (await client.GetCalendarAsync(new() { BodyCode = "RS", Year = 2022 })).Meetings.Where(m => m.StartDate.Month == 6).ToList();
        Assert.Equal(winner.Id, Assert.Single(june).Id);
    }

    [Fact]
    public async Task Meetings_moved_at_once_onto_one_day_leave_one_there()
    {
        var client = await CalendarAsync(NewTenant());
        var meetings = new List<Meeting>();
        for (var day = 1; day <= 6; day++)
            meetings.Add(await client.ScheduleMeetingAsync(new() { BodyCode = "RS", Year = 2022, Meeting = new MeetingInput { Kind = MeetingKind.BoardMeeting, StartDate = Date(9, day) } }));

        var (answers, failures) = await AtOnceAsync(6, i => client.MoveMeetingAsync(new() { MeetingId = meetings[i].Id, Etag = meetings[i].Etag, StartDate = Date(11, 15) }).ResponseAsync);

        var moved = Assert.Single(answers);
        Assert.All(failures, e => Assert.Equal((StatusCode.FailedPrecondition, true), (e.StatusCode, e.Status.Detail.Contains(moved.Id, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_meeting_on_a_day_but_not_beside_a_cancelled_one()
    {
        var tenant = NewTenant();
        var client = await CalendarAsync(tenant);
        var october = (await client.GetCalendarAsync(new() { BodyCode = "RS", Year = 2022 })).Meetings.Single(m => m.StartDate.Month == 10);
        await using var db = host.Db(tenant);
        var calendar = await db.RequireCalendarAsync("RS", 2022, default);
        Model.Meeting Draft(int day) => Model.Meeting.From(new(Model.MeetingKind.BudgetDay, null,
            new DateOnly(2022, 10, day), new DateOnly(2022, 10, day + 1), null, null, null, []), calendar.Id);

        // Past the service's own check, straight into the table: the exclusion constraint holds.
        db.Meetings.Add(Draft(24));
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        var pg = Assert.IsType<PostgresException>(e.InnerException);
        Assert.Equal((PostgresErrorCodes.ExclusionViolation, MeetingsDb.MeetingsShareNoDay), (pg.SqlState, pg.ConstraintName));

        db.ChangeTracker.Clear();
        await client.CancelMeetingAsync(new() { MeetingId = october.Id, Etag = october.Etag });
        db.Meetings.Add(Draft(24));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Calendars_created_at_once_make_one_and_the_others_hear_it_already_exists()
    {
        var client = host.Client(NewTenant());

        var (answers, failures) = await AtOnceAsync(6, _ => client.CreateCalendarAsync(new() { BodyCode = "rs", Year = 2022 }).ResponseAsync);

        Assert.Single(answers);
        Assert.All(failures, e => Assert.Equal((StatusCode.AlreadyExists, "RS already has a calendar for 2022."), (e.StatusCode, e.Status.Detail)));
    }

    [Fact]
    public async Task First_follow_up_plans_set_at_once_leave_one_and_the_others_are_aborted()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await client.CreateCalendarAsync(new() { BodyCode = "RS", Year = 2022 });

        var (answers, failures) = await AtOnceAsync(6, i => client.SetFollowUpPlanAsync(new()
        {
            BodyCode = "RS", Year = 2022, Etag = "0", Areas = { new FollowUpArea { Name = $"Område {i}", Frequency = FollowUpFrequency.Once } },
        }).ResponseAsync);

        Assert.Single(answers);
        Assert.All(failures, e => Assert.Equal(StatusCode.Aborted, e.StatusCode));
        Assert.EndsWith("plans=1", await host.RowCountsAsync(tenant));
    }
}
