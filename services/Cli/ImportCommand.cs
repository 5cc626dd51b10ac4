using System.CommandLine;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Region.Cli;

/// `regionctl import <file>`: loads a demo-data file through the public gRPC API of the service its
/// `kind:` line names. Each kind's importer reads and checks the whole file before its first call.
public static class ImportCommand
{
    /// The kinds of data file, by their `kind:` line. A service adds its importer here.
    public static readonly IReadOnlyDictionary<string, Func<string, Session, CancellationToken, Task<int>>> Importers =
        new Dictionary<string, Func<string, Session, CancellationToken, Task<int>>>(StringComparer.OrdinalIgnoreCase)
        {
            ["budget"] = BudgetImport.RunAsync,
            ["budget-outcomes"] = BudgetOutcomesImport.RunAsync,
            ["unit-owners"] = UnitOwnersImport.RunAsync,
            ["goals"] = GoalsImport.RunPlanAsync,
            ["goal-outcomes"] = GoalsImport.RunOutcomesAsync,
            ["investments"] = InvestmentsImport.RunPlanAsync,
            ["investment-spending"] = InvestmentsImport.RunSpendingAsync,
            ["meetings"] = MeetingsImport.RunAsync,
        };

    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var file = new Argument<string>("file") { Description = "A data file with a kind: line, e.g. demo-data/rs-2022/budget.yaml (see demo-data/README.md)." };
        var command = new Command("import", $"Load a data file ({string.Join(", ", Importers.Keys)}) through the services' gRPC APIs, with progress and a summary.") { file };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            var kind = KindOf(path);
            if (!Importers.TryGetValue(kind, out var import))
                throw new UsageException($"{path}: kind '{kind}' is not one of {string.Join(", ", Importers.Keys)}.");
            return await import(path, session, ct);
        });
        return command;
    }

    /// The file's top-level `kind:` value.
    public static string KindOf(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"{path}: no such file.");
        var yaml = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            yaml.Load(reader);
        }
        catch (YamlException e)
        {
            throw new UsageException($"{path}:{e.Start.Line}:{e.Start.Column}: {e.Message}");
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new UsageException($"{path}: the file is empty or not a mapping.");
        return root.Children.TryGetValue(new YamlScalarNode("kind"), out var node) && node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value.Trim()
            : throw new UsageException($"{path}: no top-level 'kind:' line; say which data this is ({string.Join(", ", Importers.Keys)}).");
    }
}
