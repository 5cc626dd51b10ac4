using System.Text.Json;
using Region.ServiceDefaults.Errors;

namespace Region.Identity.Endpoints;

/// The provider's database away while it runs (a restart, a failover): a token request, a sign-in
/// or the discovery document answered 500 with no body. Now 503 with Retry-After: the OAuth
/// endpoints (/connect/*) as OAuth's `temporarily_unavailable`, the pages as a page saying to try
/// again. Which faults count as the database being away is the services' one rule
/// (ErrorMappingInterceptor: connection, timeout and server-shutdown errors).
public static class DatabaseOutage
{
    const string RetryAfterSeconds = "5";

    public static void UseDatabaseOutageAnswer(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && ErrorMappingInterceptor.IsOutage(e))
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseOutage))
                .LogWarning(e, "{Path} answered 503: the database cannot be reached", http.Request.Path);
            http.Response.Clear();
            http.Response.Headers.RetryAfter = RetryAfterSeconds;
            if (http.Request.Path.StartsWithSegments("/connect") || http.Request.Path.StartsWithSegments("/.well-known"))
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["error"] = "temporarily_unavailable",
                    ["error_description"] = "The identity provider cannot reach its database right now; retry in a moment.",
                }));
                return;
            }
            await Page.Html("Inte tillgänglig just nu",
                "<p>Inloggningen kan inte nå sin databas just nu. Försök igen om en stund.</p>",
                StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
        }
    });
}
