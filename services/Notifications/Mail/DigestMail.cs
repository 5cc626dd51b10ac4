using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;
using Region.Contracts.Events;

namespace Region.Notifications.Mail;

/// The one Swedish digest mail of a ReportsMissing event: every unit the person answers for and
/// every item it has not reported, with a link per unit. Text and HTML; in the HTML every text
/// that came from data is encoded, so a goal named "<b>" stays text.
public static class DigestMail
{
    static readonly string[] Months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];

    public static string Date(DateOnly d) => $"{d.Day} {Months[d.Month - 1]} {d.Year}";

    public static string Subject(ReportsMissing e) => e.Overdue
        ? $"Försenad rapportering: {e.PeriodLabel} skulle ha lämnats {Date(e.DueDate)}"
        : $"Påminnelse: rapportering för {e.PeriodLabel} senast {Date(e.DueDate)}";

    /// The deputies of the person's units, once each, never the person themself.
    public static IReadOnlyList<string> Cc(ReportsMissing e) => e.Units
        .Where(u => !string.IsNullOrWhiteSpace(u.DeputyEmail))
        .Select(u => u.DeputyEmail!.Trim().ToLowerInvariant())
        .Where(a => a != e.OwnerEmail.Trim().ToLowerInvariant())
        .Distinct().Order(StringComparer.Ordinal).ToList();

    public static int ItemCount(ReportsMissing e) => e.Units.Sum(u => u.Items.Count(i => i.Kind != MissingItemData.More));

    public static string KindLabel(string kind) => kind switch
    {
        "GoalOutcome" => "Utfall eller bedömning saknas för målet",
        "GoalAnalysis" => "Analys saknas för rött eller gult mål",
        "ActivityStatus" => "Status saknas för aktiviteten",
        "Forecast" => "Helårsprognos saknas",
        "BudgetOutcome" => "Budgetutfall saknas för månaden",
        MissingItemData.More => "Fler uppgifter saknas",
        _ => "Uppgift saknas",
    };

    public static string Link(string baseUrl, ReportsMissing e, MissingUnitData unit) =>
        $"{baseUrl.TrimEnd('/')}/v1/missing-reports/{Uri.EscapeDataString(e.Period)}?unitCode={Uri.EscapeDataString(unit.UnitCode)}";

    public static MimeMessage Build(ReportsMissing e, Guid notificationId, MailSettings settings)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From));
        message.To.Add(new MailboxAddress(e.OwnerName, e.OwnerEmail.Trim()));
        foreach (var cc in Cc(e)) message.Cc.Add(MailboxAddress.Parse(cc));
        message.Subject = Subject(e);
        // One id per notification: a mail sent again after a lost acknowledgement is recognisably the same.
        message.MessageId = $"{notificationId:N}@notifications.region";
        message.Date = e.OccurredAt;
        var body = new BodyBuilder { TextBody = Text(e, settings.LinkBaseUrl), HtmlBody = Html(e, settings.LinkBaseUrl) };
        message.Body = body.ToMessageBody();
        return message;
    }

    static string Opening(ReportsMissing e) => e.Overdue
        ? $"Rapporteringen för {e.PeriodLabel} skulle ha varit klar {Date(e.DueDate)}, inför {e.BodyCode}s sammanträde {Date(e.MeetingDate)}. Följande saknas fortfarande:"
        : $"Rapporteringen för {e.PeriodLabel} ska vara klar senast {Date(e.DueDate)} ({e.DaysBefore} dagar kvar), inför {e.BodyCode}s sammanträde {Date(e.MeetingDate)}. Följande saknas:";

    static string Text(ReportsMissing e, string baseUrl)
    {
        var s = new StringBuilder();
        s.Append("Hej ").Append(e.OwnerName).Append("!\n\n").Append(Opening(e)).Append("\n\n");
        foreach (var unit in e.Units)
        {
            s.Append(unit.UnitCode).Append(' ').Append(unit.UnitName).Append('\n');
            foreach (var item in unit.Items)
                s.Append("  - ").Append(KindLabel(item.Kind)).Append(": ").Append(item.Subject).Append(Detail(item)).Append('\n');
            s.Append("  Se vad som saknas: ").Append(Link(baseUrl, e, unit)).Append("\n\n");
        }
        s.Append("Detta är en automatisk påminnelse från regionens uppföljning.\n");
        return s.ToString();
    }

    static string Html(ReportsMissing e, string baseUrl)
    {
        static string H(string s) => WebUtility.HtmlEncode(s);
        var s = new StringBuilder();
        s.Append("<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>").Append(H(Subject(e))).Append("</title></head><body>");
        s.Append("<p>Hej ").Append(H(e.OwnerName)).Append("!</p><p>").Append(H(Opening(e))).Append("</p>");
        foreach (var unit in e.Units)
        {
            s.Append("<h2>").Append(H(unit.UnitCode)).Append(' ').Append(H(unit.UnitName)).Append("</h2><ul>");
            foreach (var item in unit.Items)
                s.Append("<li>").Append(H(KindLabel(item.Kind))).Append(": ").Append(H(item.Subject)).Append(H(Detail(item))).Append("</li>");
            s.Append("</ul><p><a href=\"").Append(H(Link(baseUrl, e, unit))).Append("\">Se vad som saknas för ").Append(H(unit.UnitCode)).Append("</a></p>");
        }
        s.Append("<p>Detta är en automatisk påminnelse från regionens uppföljning.</p></body></html>");
        return s.ToString();
    }

    static string Detail(MissingItemData item) =>
        string.IsNullOrWhiteSpace(item.Detail) ? "" : string.Create(CultureInfo.InvariantCulture, $" ({item.Detail})");
}
