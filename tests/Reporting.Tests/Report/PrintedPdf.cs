using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace Region.Reporting.Tests.Report;

/// A PDF read back with PdfPig: its words in reading order (line breaks as spaces, so a sentence
/// wrapped over lines is found whole), page sizes, language, structure tree and outline.
public sealed record PrintedPdf(string Text, IReadOnlyList<(double Width, double Height)> Pages, string Language, bool Tagged, IReadOnlyList<string> Outline)
{
    public static PrintedPdf Read(byte[] bytes)
    {
        Assert.True(bytes.Length > 4 && bytes[..5].SequenceEqual("%PDF-"u8.ToArray()), "not a PDF");
        using var document = PdfDocument.Open(bytes);
        var pages = document.GetPages().ToList();
        var text = string.Join(" ", pages.SelectMany(p => p.GetWords()).Select(w => w.Text));
        var catalog = document.Structure.Catalog.CatalogDictionary;
        var language = catalog.TryGet(NameToken.Create("Lang"), out var lang) && lang is StringToken s ? s.Data : "";
        var marked = catalog.TryGet(NameToken.Create("MarkInfo"), out var markInfo) && markInfo is DictionaryToken info
            && info.TryGet(NameToken.Create("Marked"), out var flag) && flag is BooleanToken { Data: true };
        var tagged = marked && catalog.TryGet(NameToken.Create("StructTreeRoot"), out _);
        var outline = document.TryGetBookmarks(out var bookmarks, false)
            ? bookmarks.GetNodes().Select(n => n.Title).ToList() : [];
        return new PrintedPdf(text, pages.Select(p => (p.Width, p.Height)).ToList(), language, tagged, outline);
    }

    /// A4 in PDF points (210 × 297 mm), to a point.
    public bool AllA4 => Pages.All(p => Math.Abs(p.Width - 595.3) < 1.5 && Math.Abs(p.Height - 841.9) < 1.5);
}
