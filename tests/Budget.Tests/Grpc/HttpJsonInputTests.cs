using System.Net;
using System.Text;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// The JSON transcoding of the budget rpcs, fed what a careless or hostile HTTP client sends:
/// every answer is 400 with gRPC's INVALID_ARGUMENT (code 3), never a server error.
public sealed class HttpJsonInputTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task Malformed_paths_queries_and_bodies_are_invalid_argument()
    {
        var tenant = NewTenant();
        await host.SeededClientAsync(tenant);
        using var http = host.HttpClient(tenant);
        var deep = new string('[', 5000) + new string(']', 5000);
        var cases = new (string Method, string Url, string? Body, string Type)[]
        {
            ("GET", "/v1/units/RS/frames?year=abc", null, ""),
            ("GET", "/v1/units/RS/frames?year=99999999999", null, ""),
            ("GET", "/v1/units/RS/frames/abc", null, ""),
            ("GET", "/v1/units/RS/deviation?year=2022&throughMonth=1&includeSubtree=maybe", null, ""),
            ("PUT", "/v1/units/RS/financing/2022", "{", "application/json"),
            ("PUT", "/v1/units/RS/financing/2022", "{\"amounts\":{\"taxRevenue\":\"abc\"}}", "application/json"),
            ("PUT", "/v1/units/RS/financing/2022", "{\"amounts\":{\"taxRevenue\":1e400}}", "application/json"),
            ("PUT", "/v1/units/RS/financing/2022", "{\"foo\":1}", "application/json"),
            ("PUT", "/v1/units/RS/financing/2022", deep, "application/json"),
            ("PUT", "/v1/units/RS/financing/2022", "{\"amounts\":{}}", "text/plain"),
            ("PUT", "/v1/units/RS/financing/2022", "", "application/json"),
            ("POST", "/v1/units/RD/frames/2022:adjust", "{\"kind\":\"NOT_A_KIND\"}", "application/json"),
            ("POST", "/v1/units/RD/frames/2022:adjust", "{\"kind\":12345}", "application/json"),
            ("POST", "/v1/units/RD/frames/2022:adjust", "{\"change\":[1,2]}", "application/json"),
            ("POST", "/v1/outcomes:record", "{\"lines\":{}}", "application/json"),
            ("POST", "/v1/outcomes:record", "{\"lines\":[null]}", "application/json"),
            ("POST", "/v1/outcomes:record", "null", "application/json"),
            ("POST", "/v1/outcomes:record", "[]", "application/json"),
            ("POST", "/v1/outcomes:record", "{\"requestId\":\"\\ud800\"}", "application/json"),
            ("GET", "/v1/units/" + new string('A', 20000), null, ""),
            ("GET", "/v1/units/%2500x", null, ""),
        };
        var wrong = new List<string>();
        foreach (var (method, url, body, type) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, type);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !text.StartsWith("{\"code\":3,", StringComparison.Ordinal))
                wrong.Add($"{(int)response.StatusCode} {method} {url[..Math.Min(60, url.Length)]} {body?[..Math.Min(40, body.Length)]} → {text[..Math.Min(160, text.Length)]}");
        }
        Assert.Empty(wrong);
    }
}
