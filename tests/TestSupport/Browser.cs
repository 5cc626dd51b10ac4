using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace Region.TestSupport;

/// What a person's browser does with the identity service's pages: keeps cookies, follows
/// redirects within the service (and stops at one leaving it, e.g. to a client's redirect URI),
/// and submits a page's form with its hidden fields, the antiforgery token among them.
public sealed partial class Browser(Uri authority) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = authority,
    };

    public Task<BrowserPage> GetAsync(string url) => FollowAsync(new HttpRequestMessage(HttpMethod.Get, url));

    /// Posts the page's form: its hidden fields, then `fields` (which may replace them).
    public Task<BrowserPage> SubmitAsync(BrowserPage page, IReadOnlyDictionary<string, string> fields)
    {
        var form = FormTag().Match(page.Html);
        Assert.True(form.Success, $"No POST form on {page.Address}:\n{page.Html}");
        var values = page.HiddenFields().ToDictionary();
        foreach (var (name, value) in fields) values[name] = value;
        return PostAsync(WebUtility.HtmlDecode(form.Groups["action"].Value), values);
    }

    public Task<BrowserPage> PostAsync(string url, IReadOnlyDictionary<string, string> values) =>
        FollowAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(values) });

    private async Task<BrowserPage> FollowAsync(HttpRequestMessage request)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            using var response = await _http.SendAsync(request);
            var address = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(_http.BaseAddress!, request.RequestUri);
            var html = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is null)
                return new BrowserPage(response.StatusCode, address, html, null);
            var next = new Uri(address, response.Headers.Location);
            if (next.Authority != _http.BaseAddress!.Authority)
                return new BrowserPage(response.StatusCode, address, html, next);
            request = new HttpRequestMessage(HttpMethod.Get, next);
        }
        throw new InvalidOperationException("More than 10 redirects.");
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]*)\">")]
    private static partial Regex FormTag();
}

/// A page as the browser got it; LeftFor is where a redirect out of the service pointed.
public sealed partial record BrowserPage(HttpStatusCode Status, Uri Address, string Html, Uri? LeftFor)
{
    public IEnumerable<KeyValuePair<string, string>> HiddenFields() =>
        HiddenInput().Matches(Html).Select(m => KeyValuePair.Create(
            WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)));

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();
}
