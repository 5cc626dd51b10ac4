using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Region.Contracts.Events;
using Region.Notifications.V1;
using Region.TestSupport;
using static Region.TestSupport.Rpc;

namespace Region.Notifications.Tests;

/// Reminders run on demand at a fixed clock, mailed through a real SMTP server and parsed back with MimeKit.
public sealed class ReminderMailTests(OneHost f) : IClassFixture<OneHost>
{
    static string Text(MimeMessage m) => m.TextBody ?? "";

    async Task<ListNotificationsResponse> WaitForStatusAsync(string tenant, string email, NotificationStatus status)
    {
        ListNotificationsResponse list = null!;
        await NotificationsFixture.Eventually(async () =>
        {
            list = await f.Host.Client(tenant).ListNotificationsAsync(new() { Email = email });
            return list.Notifications.Count == 1 && list.Notifications[0].Status == status;
        }, $"one notification to {email} with status {status}");
        return list;
    }

    static ReportsMissing Event(DemoRegion r, string email) => new(
        Guid.NewGuid(), r.Tenant, DateTimeOffset.UtcNow, "RS", "2022-T2", "tertial 2 2022 (per augusti)", new(2022, 9, 13), new(2022, 9, 27),
        7, false, "Anna Exempelsson", email,
        [new MissingUnitData("RD", "Regiondirektör", null, null, [new MissingItemData("GoalOutcome", "Rekrytering", "")])]);

    [Fact]
    public async Task A_run_at_a_fixed_clock_sends_one_Swedish_digest_per_owner_listing_every_missing_item()
    {
        var r = await DemoRegion.SeedAsync(f);

        var run = await f.Host.Client(r.Tenant).RunRemindersAsync(new());

        Assert.Equal(2, run.Published.Count);
        await NotificationsFixture.Eventually(() => Task.FromResult(f.MailsTo(r.Anna, r.Cecilia).Count == 2), "two digests");
        var anna = Assert.Single(f.MailsTo(r.Anna));
        Assert.Equal([r.Bertil], anna.Cc.Mailboxes.Select(m => m.Address));
        Assert.Equal("Påminnelse: rapportering för tertial 2 2022 (per augusti) senast 13 september 2022", anna.Subject);
        Assert.Contains("14 dagar kvar", Text(anna));
        Assert.Contains("Utfall eller bedömning saknas för målet: Rekrytering <snabbare>", Text(anna));
        Assert.Contains("Utfall eller bedömning saknas för målet: Kompetensförsörjning & ledarskap", Text(anna));
        Assert.Contains("https://uppfoljning.example.se/v1/missing-reports/2022-T2?unitCode=RD", Text(anna));
        // The HTML part keeps a goal's name as text.
        Assert.Contains("Rekrytering &lt;snabbare&gt;", anna.HtmlBody);
        Assert.DoesNotContain("<snabbare>", anna.HtmlBody);
        var cecilia = Assert.Single(f.MailsTo(r.Cecilia));
        Assert.Empty(cecilia.Cc);
        Assert.Contains("Analys saknas för rött eller gult mål: Sjukfrånvaro", Text(cecilia));
        Assert.DoesNotContain("Rekrytering", Text(cecilia));

        var sent = await WaitForStatusAsync(r.Tenant, r.Anna, NotificationStatus.Sent);
        Assert.Equal((2, 14, "2022-T2"), (sent.Notifications[0].Items, sent.Notifications[0].DaysBefore, sent.Notifications[0].Period));
    }

    [Fact]
    public async Task Running_again_sends_a_stage_once_and_the_next_stage_when_it_is_reached()
    {
        var r = await DemoRegion.SeedAsync(f);
        var client = f.Host.Client(r.Tenant);
        await client.RunRemindersAsync(new());

        var again = await client.RunRemindersAsync(new());
        var week = await client.RunRemindersAsync(new() { AsOf = new() { Year = 2022, Month = 9, Day = 6 } });
        var late = await client.RunRemindersAsync(new() { AsOf = new() { Year = 2022, Month = 9, Day = 14 } });
        var afterMeeting = await client.RunRemindersAsync(new() { AsOf = new() { Year = 2022, Month = 9, Day = 28 } });

        Assert.Equal((0, 2), (again.Published.Count, again.AlreadySent));
        Assert.All(week.Published, p => Assert.Contains("7 days before", p));
        Assert.All(late.Published, p => Assert.Contains("overdue", p));
        Assert.Equal((2, 2, 0), (week.Published.Count, late.Published.Count, afterMeeting.Published.Count));
        await NotificationsFixture.Eventually(() => Task.FromResult(f.MailsTo(r.Anna).Count == 3), "three mails to Anna");
        // The three events are consumed concurrently, so the mails may arrive in any order.
        Assert.Single(f.MailsTo(r.Anna), m => (m.Subject ?? "").StartsWith("Försenad rapportering", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Redelivery_of_the_same_event_sends_nothing_more()
    {
        var r = await DemoRegion.SeedAsync(f);
        var reminder = Event(r, r.Anna);

        await f.Host.Bus.Publish(reminder);
        await WaitForStatusAsync(r.Tenant, r.Anna, NotificationStatus.Sent);
        await f.Host.Bus.Publish(reminder);
        await f.Host.Bus.Publish(reminder);
        await Task.Delay(1500);

        Assert.Single(f.MailsTo(r.Anna));
        await using var db = f.Host.Db(r.Tenant);
        Assert.Equal(1, await db.Notifications.CountAsync());
    }

    [Fact]
    public async Task When_the_mail_server_is_down_the_mail_is_retried_later_and_delivered_once()
    {
        var r = await DemoRegion.SeedAsync(f);
        await f.Mail.StopAsync();
        try
        {
            await f.Host.Bus.Publish(Event(r, r.Anna));
            ListNotificationsResponse pending = null!;
            await NotificationsFixture.Eventually(async () =>
            {
                pending = await f.Host.Client(r.Tenant).ListNotificationsAsync(new() { Email = r.Anna });
                return pending.Notifications is [{ Attempts: >= 1 }];
            }, "a failed attempt");
            Assert.Equal(NotificationStatus.Pending, pending.Notifications[0].Status);
            Assert.Contains("did not take the mail", pending.Notifications[0].Reason);
        }
        finally
        {
            f.Mail.Start();
        }
        Assert.Empty(f.MailsTo(r.Anna));

        // The next attempt is due after the back-off (30 s): move the clock past it.
        f.Clock.Now = f.Clock.Now.AddMinutes(1);
        var sent = await WaitForStatusAsync(r.Tenant, r.Anna, NotificationStatus.Sent);
        await Task.Delay(1000);
        Assert.Single(f.MailsTo(r.Anna));
        Assert.Equal("", sent.Notifications[0].Reason);
    }

    [Fact]
    public async Task An_address_the_server_refuses_is_recorded_failed_with_the_reason()
    {
        var r = await DemoRegion.SeedAsync(f);
        var nobody = $"nobody.{r.Tenant}@example.se";

        await f.Host.Bus.Publish(Event(r, nobody));

        var failed = await WaitForStatusAsync(r.Tenant, nobody, NotificationStatus.Failed);
        Assert.Contains("refused", failed.Notifications[0].Reason);
        Assert.Contains("550", failed.Notifications[0].Reason);
        var byStatus = await f.Host.Client(r.Tenant).ListNotificationsAsync(new() { Status = NotificationStatus.Failed });
        Assert.Equal(nobody, Assert.Single(byStatus.Notifications).RecipientEmail);
        Assert.Empty(f.MailsTo(nobody));
    }

    [Fact]
    public async Task An_opted_out_address_gets_nothing_and_the_opt_out_is_audited()
    {
        var r = await DemoRegion.SeedAsync(f);
        var client = f.Host.Client(r.Tenant);

        var optOut = await client.SetOptOutAsync(new() { Email = r.Anna.ToUpperInvariant(), OptedOut = true });
        await client.RunRemindersAsync(new());

        Assert.Equal((r.Anna, true), (optOut.Email, optOut.OptedOut));
        var skipped = await WaitForStatusAsync(r.Tenant, r.Anna, NotificationStatus.Skipped);
        Assert.Contains("opted out", skipped.Notifications[0].Reason);
        await WaitForStatusAsync(r.Tenant, r.Cecilia, NotificationStatus.Sent);
        Assert.Empty(f.MailsTo(r.Anna));
        var entry = Assert.Single(await AuditTrail.EntriesAsync(f.Host.Invoker(r.Tenant), "OptOut"));
        Assert.Equal("/region.notifications.v1.NotificationsService/SetOptOut", entry.Rpc);
    }

    [Fact]
    public async Task Bad_requests_are_refused_naming_every_field_and_readers_may_not_list()
    {
        var r = await DemoRegion.SeedAsync(f);
        var client = f.Host.Client(r.Tenant);

        await InvalidArgument(() => client.ListNotificationsAsync(new() { Email = new string('a', 300), Period = "2022-T9", PageSize = -1, PageToken = "x" }).ResponseAsync,
            "email", "period", "page_size", "page_token");
        await InvalidArgument(() => client.SetOptOutAsync(new() { Email = "inte en adress" }).ResponseAsync, "email");
        await InvalidArgument(() => client.RunRemindersAsync(new() { AsOf = new() { Year = 2022, Month = 2, Day = 30 } }).ResponseAsync, "as_of");
        var reader = new NotificationsService.NotificationsServiceClient(f.Host.Invoker(r.Tenant, [Region.ServiceDefaults.Auth.RegionRoles.Reader]));
        await FailsWith(StatusCode.PermissionDenied, () => reader.ListNotificationsAsync(new()).ResponseAsync);
    }
}
