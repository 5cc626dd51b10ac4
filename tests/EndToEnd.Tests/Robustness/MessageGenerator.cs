using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Region.EndToEnd.Tests.Robustness;

/// Builds request messages from proto descriptors alone: the empty message, a plausible one (field
/// names decide: a code is "RS", a year 2022, a period "2022-T2"), the plausible one with one field at
/// an edge value, and seeded random ones. Nothing here knows a particular RPC, so a new RPC is
/// covered the day it is added.
public sealed class MessageGenerator(int seed)
{
    private const int MaxDepth = 3;
    private readonly Random _random = new(seed);

    /// Text a caller can send that a service must survive: blanks, huge, control characters,
    /// right-to-left marks, other scripts' digits, SQL, markup, a lone surrogate's replacement.
    public static readonly IReadOnlyList<string> EdgeStrings =
    [
        "", " ", new string('x', 100_000), "RS\0", "\0", "\u202Eرس", "٢٠٢٢-T2", "2022-T٢", "'; DROP TABLE units; --",
        "<img src=x onerror=alert(1)>", "rs", "Rs ", "\uFFFD\uFEFF", "-1", "99999999999999999999", "NaN", "1e400",
        "2022-T2", "2022-M13", "😀", "../../etc/passwd", "%s%n",
    ];

    public static readonly IReadOnlyList<long> EdgeIntegers = [0, -1, 1, 13, 2022, 1999, 2101, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue];
    public static readonly IReadOnlyList<double> EdgeDoubles = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.MaxValue, double.Epsilon, 1e308];

    public IMessage Empty(MessageDescriptor type) => type.Parser.ParseFrom(ByteString.Empty);

    /// Every field set to something a careful caller might send.
    public IMessage Plausible(MessageDescriptor type, int depth = 0)
    {
        var message = Empty(type);
        if (depth >= MaxDepth) return message;
        foreach (var field in type.Fields.InDeclarationOrder())
        {
            if (field.IsMap) continue;
            var value = PlausibleValue(field, depth);
            if (value is null) continue;
            if (field.IsRepeated) ((IList)field.Accessor.GetValue(message)).Add(value);
            else field.Accessor.SetValue(message, value);
        }
        return message;
    }

    /// One plausible message per (field path, edge value): the field at the edge, the rest plausible.
    public IEnumerable<(string Description, IMessage Message)> EdgeCases(MessageDescriptor type)
    {
        foreach (var (path, values) in Leaves(type, "", 0))
            foreach (var value in values)
            {
                var message = Plausible(type);
                if (Set(message, path, value.Value)) yield return ($"{string.Join('.', path.Select(f => f.Name))} = {value.Label}", message);
            }
        foreach (var repeated in type.Fields.InDeclarationOrder().Where(f => f.IsRepeated && !f.IsMap))
        {
            var message = Plausible(type);
            var list = (IList)repeated.Accessor.GetValue(message);
            var element = list.Count > 0 ? list[0] : null;
            if (element is null) continue;
            for (var i = 0; i < 20_000; i++) list.Add(element is IDeepCloneable<IMessage> m ? m.Clone() : element);
            yield return ($"{repeated.Name} × 20 000", message);
        }
    }

    /// A message with every field random (strings from the edge list and short random text).
    public IMessage Random(MessageDescriptor type, int depth = 0)
    {
        var message = Empty(type);
        if (depth >= MaxDepth) return message;
        foreach (var field in type.Fields.InDeclarationOrder())
        {
            if (field.IsMap || _random.Next(3) == 0) continue;
            var count = field.IsRepeated ? _random.Next(0, 4) : 1;
            for (var i = 0; i < count; i++)
            {
                var value = RandomValue(field, depth);
                if (value is null) continue;
                if (field.IsRepeated) ((IList)field.Accessor.GetValue(message)).Add(value);
                else field.Accessor.SetValue(message, value);
            }
        }
        return message;
    }

    private object? PlausibleValue(FieldDescriptor field, int depth)
    {
        var name = field.Name;
        return field.FieldType switch
        {
            FieldType.String when name.Contains("period") => "2022-T2",
            FieldType.String when name.Contains("etag") => "1",
            FieldType.String when name.EndsWith("id") => Guid.NewGuid().ToString(),
            FieldType.String when name.Contains("date") => "2022-05-31",
            FieldType.String when name.Contains("code") || name.Contains("unit") || name.Contains("body") => "RS",
            FieldType.String when name.Contains("token") => "",
            FieldType.String => "Plausibel text",
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.UInt32 or FieldType.Fixed32 when name.Contains("year") => 2022,
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.UInt32 or FieldType.Fixed32 when name.Contains("month") => 8,
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.UInt32 or FieldType.Fixed32 when name.Contains("size") => 10,
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => 1,
            FieldType.UInt32 or FieldType.Fixed32 => 1u,
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => -1_000_000L,
            FieldType.UInt64 or FieldType.Fixed64 => 1_000_000UL,
            FieldType.Double => 1.5,
            FieldType.Float => 1.5f,
            FieldType.Bool => true,
            FieldType.Enum => field.EnumType.Values.FirstOrDefault(v => v.Number != 0)?.Number ?? 0,
            FieldType.Bytes => ByteString.CopyFromUtf8("x"),
            FieldType.Message => Plausible(field.MessageType, depth + 1),
            _ => null,
        };
    }

    private object? RandomValue(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => _random.Next(2) == 0 ? EdgeStrings[_random.Next(EdgeStrings.Count)] : RandomText(),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int)Pick(EdgeIntegers.Where(i => i is >= int.MinValue and <= int.MaxValue).ToList()),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)_random.Next(),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Pick(EdgeIntegers),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)_random.NextInt64(),
        FieldType.Double => _random.Next(2) == 0 ? EdgeDoubles[_random.Next(EdgeDoubles.Count)] : _random.NextDouble() * 1e6,
        FieldType.Float => (float)_random.NextDouble(),
        FieldType.Bool => _random.Next(2) == 0,
        FieldType.Enum => _random.Next(-1, field.EnumType.Values.Count + 2),
        FieldType.Bytes => ByteString.CopyFrom(Enumerable.Range(0, _random.Next(8)).Select(_ => (byte)_random.Next(256)).ToArray()),
        FieldType.Message => Random(field.MessageType, depth + 1),
        _ => null,
    };

    private long Pick(IReadOnlyList<long> values) => values[_random.Next(values.Count)];

    private string RandomText() => new(Enumerable.Range(0, _random.Next(0, 12)).Select(_ => (char)_random.Next(32, 0x2FF)).ToArray());

    /// The scalar fields reachable through singular and first-element-of-repeated message fields,
    /// each with the edge values of its type.
    private static IEnumerable<(FieldDescriptor[] Path, IReadOnlyList<(string Label, object Value)> Values)> Leaves(MessageDescriptor type, string prefix, int depth)
    {
        if (depth >= MaxDepth) yield break;
        foreach (var field in type.Fields.InDeclarationOrder())
        {
            if (field.IsMap) continue;
            if (field.FieldType == FieldType.Message)
            {
                foreach (var (path, values) in Leaves(field.MessageType, prefix, depth + 1))
                    yield return ([field, .. path], values);
                continue;
            }
            var edges = EdgeValues(field);
            if (edges.Count > 0) yield return ([field], edges);
        }
    }

    private static IReadOnlyList<(string, object)> EdgeValues(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => EdgeStrings.Select(s => (Label(s), (object)s)).ToList(),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => EdgeIntegers.Where(i => i is >= int.MinValue and <= int.MaxValue).Select(i => (i.ToString(), (object)(int)i)).ToList(),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => EdgeIntegers.Select(i => (i.ToString(), (object)i)).ToList(),
        FieldType.UInt32 or FieldType.Fixed32 => [("0", 0u), ("max", uint.MaxValue)],
        FieldType.UInt64 or FieldType.Fixed64 => [("0", 0ul), ("max", ulong.MaxValue)],
        FieldType.Double => EdgeDoubles.Select(d => (d.ToString(), (object)d)).ToList(),
        FieldType.Float => [("NaN", float.NaN), ("∞", float.PositiveInfinity)],
        FieldType.Enum => [("0", 0), ("99", 99), ("-1", -1)],
        FieldType.Bool => [("false", false)],
        _ => [],
    };

    private static string Label(string s) => s.Length > 24 ? $"\"{s[..8]}…\" ({s.Length} chars)" : $"\"{s.Replace("\0", "\\0")}\"";

    /// Sets the value at the path, creating (or taking the first element of) message fields on the way.
    private bool Set(IMessage message, FieldDescriptor[] path, object value)
    {
        var current = message;
        foreach (var field in path[..^1])
        {
            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(current);
                if (list.Count == 0) list.Add(Plausible(field.MessageType, MaxDepth - 1));
                current = (IMessage)list[0]!;
            }
            else
            {
                if (field.Accessor.GetValue(current) is not IMessage child)
                {
                    child = Empty(field.MessageType);
                    field.Accessor.SetValue(current, child);
                }
                current = child;
            }
        }
        var leaf = path[^1];
        if (leaf.IsRepeated)
        {
            var list = (IList)leaf.Accessor.GetValue(current);
            list.Clear();
            list.Add(value);
        }
        else leaf.Accessor.SetValue(current, value);
        return true;
    }
}
