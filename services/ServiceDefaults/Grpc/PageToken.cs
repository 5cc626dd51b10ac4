using System.Globalization;
using System.Text;
using Region.ServiceDefaults.Errors;

namespace Region.ServiceDefaults.Grpc;

/// AIP-158 paging over an ordered listing: the token is the opaque offset of the next page.
public static class PageToken
{
    public static (int Offset, int Size) Read(string token, int pageSize, int defaultSize, int maxSize, Violations v)
    {
        v.Check(pageSize >= 0, "page_size", "Cannot be negative.");
        var size = pageSize <= 0 ? defaultSize : Math.Min(pageSize, maxSize);
        if (string.IsNullOrEmpty(token)) return (0, size);
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("o:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                return (offset, size);
        }
        catch (FormatException)
        {
        }
        v.Add("page_token", "Not a token this service returned.");
        return (0, size);
    }

    /// The token of the page after [offset, offset + size), or "" when that was the last.
    public static string Next(int offset, int size, int total) =>
        offset + size >= total ? "" : Convert.ToBase64String(Encoding.UTF8.GetBytes($"o:{offset + size}"));
}
