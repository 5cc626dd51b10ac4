using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Region.Cli;

/// Reads a YAML data file (keys in snake_case) and checks all of it before anything is sent: a
/// structural problem or any problem its validation finds is a UsageException naming the place.
public static class DataFile
{
    public static T Load<T>(string path, Func<T, IReadOnlyList<string>> validate) where T : class
    {
        if (!File.Exists(path)) throw new UsageException($"{path}: no such file.");
        T? file;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
            using var reader = File.OpenText(path);
            file = deserializer.Deserialize<T>(reader);
        }
        catch (YamlException e)
        {
            // YamlDotNet stops at the first structural problem (a typo in a key, a bad number).
            var inner = e.InnerException is null ? "" : $" ({e.InnerException.Message})";
            throw new UsageException($"{path}:{e.Start.Line}:{e.Start.Column}: {e.Message}{inner}");
        }
        if (file is null) throw new UsageException($"{path}: the file is empty.");
        var problems = validate(file);
        if (problems.Count > 0) throw new UsageException([$"{path}: {problems.Count} problem(s):", .. problems.Select(p => "  " + p)]);
        return file;
    }
}
