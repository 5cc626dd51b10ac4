using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Region.Notifications.Domain;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Notifications.Data;

public sealed class NotificationsDb(DbContextOptions<NotificationsDb> options) : ServiceDbContext(options), IOrgUnitReplicaDb
{
    public const string OneNotificationPerEvent = "IX_notifications_EventId";
    public const string OneReminderPerStage = "IX_reminders_sent_Tenant_BodyCode_Period_Stage_PersonEmail";
    public const string OneOptOutPerAddress = "IX_opt_outs_Tenant_Email";

    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OptOut> OptOuts => Set<OptOut>();
    public DbSet<ReminderSent> RemindersSent => Set<ReminderSent>();
    /// The budget service's units: which tenants exist, for the reminder job.
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();

    /// Only opt-outs are people's decisions; notifications and reminders are the service's own bookkeeping.
    protected override bool IsAudited(EntityEntry entry) => entry.Entity is OptOut;

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Notification>(e =>
        {
            e.ToTable("notifications");
            e.Property(n => n.BodyCode).HasMaxLength(Input.MaxCodeLength);
            e.Property(n => n.Period).HasMaxLength(16);
            e.Property(n => n.RecipientName).HasMaxLength(Notification.MaxNameLength);
            e.Property(n => n.RecipientEmail).HasMaxLength(Input.MaxEmailLength);
            e.Property(n => n.Subject).HasMaxLength(Notification.MaxSubjectLength);
            e.Property(n => n.Digest).HasColumnType("jsonb");
            e.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(n => n.Reason).HasMaxLength(Notification.MaxReasonLength);
            // Over all tenants: an event id is unique anyway, and the consumer looks it up before it knows more.
            e.HasIndex(n => n.EventId).IsUnique().HasDatabaseName(OneNotificationPerEvent);
            // The sender's claim query: pending rows by when they are due.
            e.HasIndex(n => new { n.Status, n.NextAttemptAt });
            e.HasIndex(n => new { n.Tenant, n.CreatedAt });
        });
        b.Entity<OptOut>(e =>
        {
            e.ToTable("opt_outs");
            e.Property(o => o.Email).HasMaxLength(Input.MaxEmailLength);
            e.Property(o => o.CreatedBy).HasMaxLength(CallerContext.MaxUserLength);
            e.HasIndex(o => new { o.Tenant, o.Email }).IsUnique().HasDatabaseName(OneOptOutPerAddress);
        });
        b.Entity<ReminderSent>(e =>
        {
            e.ToTable("reminders_sent");
            e.Property(r => r.BodyCode).HasMaxLength(Input.MaxCodeLength);
            e.Property(r => r.Period).HasMaxLength(16);
            e.Property(r => r.PersonEmail).HasMaxLength(Input.MaxEmailLength);
            e.HasIndex(r => new { r.Tenant, r.BodyCode, r.Period, r.Stage, r.PersonEmail }).IsUnique().HasDatabaseName(OneReminderPerStage);
        });
        b.AddOrgUnitReplica();
        base.OnModelCreating(b);
    }
}
