using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Region.Identity.Endpoints;

/// The few server-side pages (sign-in, device confirmation) as plain HTML: no scripts, no external
/// fonts or styles, every value from outside HTML-encoded, every form carrying the antiforgery token.
public static class Page
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#1b1b1b}" +
        "label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}" +
        "button{margin-top:1.2rem;margin-right:.5rem;padding:.5rem 1.2rem;font-size:1rem}" +
        ".error{color:#a30000}.code{font-family:monospace;font-size:1.6rem;letter-spacing:.15rem}";

    // Encodes what HTML needs (<, >, &, quotes) but keeps å, ä, ö readable in the page source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => Encoder.Encode(text ?? "");

    /// A complete page; `body` must already be HTML (built with Encode).
    public static IResult Html(string title, string body, int statusCode = StatusCodes.Status200OK) => Results.Content(
        $"<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">" +
        $"<title>{Encode(title)}</title><style>{Style}</style></head><body><h1>{Encode(title)}</h1>{body}</body></html>",
        "text/html; charset=utf-8", null, statusCode);

    /// A POST form to `action` with the antiforgery token and these fields (already HTML).
    public static string Form(HttpContext http, string action, string fields)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<form method=\"post\" action=\"{Encode(action)}\">" +
               $"<input type=\"hidden\" name=\"{Encode(tokens.FormFieldName)}\" value=\"{Encode(tokens.RequestToken)}\">" +
               fields + "</form>";
    }

    public static string Hidden(string name, string? value) =>
        $"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">";

    public static string Error(string? message) => message is null ? "" : $"<p class=\"error\" role=\"alert\">{Encode(message)}</p>";
}
