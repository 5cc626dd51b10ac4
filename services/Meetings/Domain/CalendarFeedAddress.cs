using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Meetings.Domain;

/// A secret address of a calendar's iCalendar feed (privat kalenderadress), for calendar apps that
/// send no token. Only the SHA-256 hash of the secret is kept: the database alone opens no feed.
public sealed class CalendarFeedAddress : ITenantOwned
{
    public const int MaxLabelLength = 100;
    /// Addresses not revoked of one calendar; revoked ones stay listed and do not count.
    public const int MaxActivePerCalendar = 50;
    /// 256 random bits are 43 characters of base64url.
    private const int SecretBytes = 32;
    public const int SecretLength = 43;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid CalendarId { get; init; }
    public required byte[] SecretHash { get; init; }
    public string Label { get; init; } = "";
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string? RevokedBy { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public static void ValidateLabel(string? label, Violations v) => Input.CheckText(label, "label", MaxLabelLength, v);

    /// A new address and its secret, which the caller hands out once and never stores.
    public static (CalendarFeedAddress Address, string Secret) Create(MeetingCalendar calendar, string label, string user, DateTimeOffset now)
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var address = new CalendarFeedAddress { CalendarId = calendar.Id, SecretHash = Hash(secret), Label = label.Trim(), CreatedBy = user, CreatedAt = now };
        return (address, secret);
    }

    /// The hash a secret is looked up by; null for text that cannot be one of ours (so no query is made).
    public static byte[]? HashOf(string secret) =>
        secret.Length == SecretLength && Base64Url.IsValid(secret) ? Hash(secret) : null;

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    /// Revoked for good; revoking again keeps the first revocation.
    public void Revoke(string user, DateTimeOffset now)
    {
        if (IsRevoked) return;
        (RevokedBy, RevokedAt) = (user, now);
    }

    /// The path of the feed on the meetings service's HTTP address.
    public static string PathOf(string secret) => $"/v1/feeds/{secret}/calendar.ics";
}
