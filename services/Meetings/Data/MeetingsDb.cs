using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Meetings.Domain;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Tenancy;

namespace Region.Meetings.Data;

public sealed class MeetingsDb(DbContextOptions<MeetingsDb> options) : ServiceDbContext(options), IOrgUnitReplicaDb
{
    // What the database holds against concurrent calls; the handlers answer them like their own checks.
    public const string OneCalendarPerBodyAndYear = "IX_calendars_Tenant_BodyCode_Year";
    public const string OnePlanPerCalendar = "IX_follow_up_plans_Tenant_CalendarId";
    /// An exclusion constraint (migration CanonicalCodesAndMeetingsShareNoDay; EF does not model it): two meetings of
    /// a calendar that are not cancelled never share a day.
    public const string MeetingsShareNoDay = "meetings_share_no_day";

    public DbSet<MeetingCalendar> Calendars => Set<MeetingCalendar>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<AgendaItem> AgendaItems => Set<AgendaItem>();
    public DbSet<FollowUpPlan> FollowUpPlans => Set<FollowUpPlan>();
    public DbSet<CalendarFeedAddress> FeedAddresses => Set<CalendarFeedAddress>();
    /// The budget service's units, for unit scope: a calendar belongs to a body, which is a unit.
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<MeetingCalendar>(e =>
        {
            e.ToTable("calendars");
            e.Property(c => c.BodyCode).HasMaxLength(MeetingCalendar.MaxBodyCodeLength);
            e.Property(c => c.Name).HasMaxLength(MeetingCalendar.MaxNameLength);
            // Body codes are stored as Input.Code gives them, so the index also refuses "rs" beside "RS".
            e.HasIndex(c => new { c.Tenant, c.BodyCode, c.Year }).IsUnique().HasDatabaseName(OneCalendarPerBodyAndYear);
            e.Property(c => c.Source).HasMaxLength(MeetingCalendar.MaxSourceLength);
            e.Property(c => c.Findings).HasJsonListConversion();
        });
        b.Entity<Meeting>(e =>
        {
            e.ToTable("meetings");
            e.Property(m => m.Kind).HasConversion<string>().HasMaxLength(24);
            e.Property(m => m.Title).HasMaxLength(Meeting.MaxTitleLength);
            e.Property(m => m.Place).HasMaxLength(Meeting.MaxPlaceLength);
            e.Property(m => m.Version).IsConcurrencyToken();
            e.HasIndex(m => new { m.Tenant, m.CalendarId, m.StartDate });
            e.HasOne<MeetingCalendar>().WithMany().HasForeignKey(m => m.CalendarId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(m => m.Items).WithOne().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(m => m.Agenda);
        });
        b.Entity<AgendaItem>(e =>
        {
            e.ToTable("agenda_items");
            e.Property(i => i.Category).HasConversion<string>().HasMaxLength(16);
            e.Property(i => i.Title).HasMaxLength(AgendaItem.MaxTitleLength);
            e.Property(i => i.ResponsibleRole).HasMaxLength(AgendaItem.MaxRoleLength);
            e.Property(i => i.CaseNumber).HasMaxLength(AgendaItem.MaxCaseNumberLength);
            e.Property(i => i.FollowUpArea).HasMaxLength(FollowUpPlan.MaxAreaNameLength);
            e.Property(i => i.CoversKind).HasConversion<string>().HasMaxLength(16);
            e.Ignore(i => i.Covers);
        });
        b.Entity<FollowUpPlan>(e =>
        {
            e.ToTable("follow_up_plans");
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasIndex(p => new { p.Tenant, p.CalendarId }).IsUnique().HasDatabaseName(OnePlanPerCalendar);
            e.HasOne<MeetingCalendar>().WithMany().HasForeignKey(p => p.CalendarId).OnDelete(DeleteBehavior.Restrict);
            e.Property(p => p.Areas).HasJsonListConversion();
        });
        b.Entity<CalendarFeedAddress>(e =>
        {
            e.ToTable("calendar_feed_addresses");
            e.Property(a => a.SecretHash).HasMaxLength(32);
            e.Property(a => a.Label).HasMaxLength(CalendarFeedAddress.MaxLabelLength);
            e.Property(a => a.CreatedBy).HasMaxLength(CallerContext.MaxUserLength);
            e.Property(a => a.RevokedBy).HasMaxLength(CallerContext.MaxUserLength);
            // Over all tenants: the feed is found by the hash alone, before any tenant is known.
            e.HasIndex(a => a.SecretHash).IsUnique();
            e.HasIndex(a => new { a.Tenant, a.CalendarId });
            e.HasOne<MeetingCalendar>().WithMany().HasForeignKey(a => a.CalendarId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(a => a.IsRevoked);
        });
        b.AddOrgUnitReplica();
        base.OnModelCreating(b);
    }
}
