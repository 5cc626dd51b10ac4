using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Region.Identity.Endpoints;

/// The identity service takes a sign-in form or a token request, nothing large: its bounds are far
/// below the services' 16 MiB for gRPC messages (a 4 MiB "user name" would otherwise reach the
/// database), and a form past them is answered here, before OpenIddict's token endpoint, which
/// would fail on it with 500.
public static class FormLimits
{
    public const int MaxRequestBodyBytes = 64 * 1024;
    public const int MaxValueLength = 16 * 1024;

    public static void AddFormLimits(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.Configure<FormOptions>(o =>
        {
            o.ValueLengthLimit = MaxValueLength;
            o.ValueCountLimit = 64;
            o.KeyLengthLimit = 256;
        });
    }

    /// Reads a posted form once, here (later readers get the same form): 413 past the body's
    /// bound, 400 past a value's, as an OAuth error (the token endpoint's callers expect one).
    public static void UseFormLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.HasFormContentType)
        {
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
            {
                await RefuseAsync(http, e.StatusCode, "The request is larger than allowed.");
                return;
            }
            catch (InvalidDataException)
            {
                await RefuseAsync(http, StatusCodes.Status400BadRequest, "A form field is longer than allowed, or there are too many.");
                return;
            }
        }
        await next(http);
    });

    static Task RefuseAsync(HttpContext http, int status, string description)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["error"] = "invalid_request",
            ["error_description"] = description,
        }));
    }
}
