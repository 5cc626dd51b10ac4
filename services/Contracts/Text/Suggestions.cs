using Quickenshtein;

namespace Region.Contracts.Text;

/// "Did you mean …?" for a code, a name or a command that is not known: the known ones within a
/// typo or two of it (RSS → RS, NARA11 → NARA-11, frame → frames), closest first.
public static class Suggestions
{
    private const int MaxSuggestions = 3;

    public static IReadOnlyList<string> Closest(string input, IEnumerable<string> known)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 100) return [];
        var typed = input.Trim().ToUpperInvariant();
        // One typo in a short code, two in a longer one: more would suggest unrelated codes.
        var allowed = typed.Length <= 4 ? 1 : 2;
        var near = known
            .Select(k => (Known: k, Distance: Levenshtein.GetDistance(typed, k.ToUpperInvariant())))
            .Where(x => x.Distance <= allowed)
            .ToList();
        // Only the closest: NARA11 means NARA-11, not also NARA-12 two typos away.
        return near.Where(x => x.Distance == near.Min(y => y.Distance))
            .Select(x => x.Known).Distinct().Order(StringComparer.Ordinal).Take(MaxSuggestions).ToList();
    }

    /// " Did you mean RS?" / " Did you mean RS or RST?", or "" when nothing is close; to append to a message.
    public static string DidYouMean(string input, IEnumerable<string> known) => Closest(input, known) switch
    {
        [] => "",
        [var one] => $" Did you mean {one}?",
        var many => $" Did you mean {string.Join(", ", many.Take(many.Count - 1))} or {many[^1]}?",
    };
}
