using Region.Budget.V1;
using Spectre.Console;

namespace Region.Cli;

/// A file of unit owners (kind: unit-owners), e.g. demo-data/rs-2022/unit-owners.invented.yaml:
/// who answers for each unit, and a deputy.
public sealed record UnitOwnersFile
{
    public string? Kind { get; init; }
    public string? Source { get; init; }
    /// Must be true for made-up people.
    public bool Invented { get; init; }
    public List<UnitOwnerSpec>? Owners { get; init; }

    public static UnitOwnersFile Load(string path) => DataFile.Load<UnitOwnersFile>(path, f => f.Validate());

    /// What the file can check itself; the budget service checks the addresses and lengths.
    public IReadOnlyList<string> Validate()
    {
        var p = new List<string>();
        if (Owners is null || Owners.Count == 0) p.Add("owners: list the units and who answers for each.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (Owners?.Count ?? 0); i++)
        {
            var o = Owners![i];
            var path = $"owners[{i}]";
            if (string.IsNullOrWhiteSpace(o.Unit)) p.Add($"{path}.unit: missing.");
            else if (!seen.Add(o.Unit.Trim())) p.Add($"{path}.unit: {o.Unit} is listed twice.");
            if (string.IsNullOrWhiteSpace(o.Name)) p.Add($"{path}.name: missing.");
            if (string.IsNullOrWhiteSpace(o.Email)) p.Add($"{path}.email: missing.");
            if (string.IsNullOrWhiteSpace(o.DeputyName) != string.IsNullOrWhiteSpace(o.DeputyEmail))
                p.Add($"{path}: a deputy needs both deputy_name and deputy_email.");
        }
        return p;
    }
}

public sealed record UnitOwnerSpec
{
    public string? Unit { get; init; }
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? DeputyName { get; init; }
    public string? DeputyEmail { get; init; }

    public UnitOwner ToProto() => new() { Name = Name!.Trim(), Email = Email!.Trim(), DeputyName = DeputyName?.Trim() ?? "", DeputyEmail = DeputyEmail?.Trim() ?? "" };
}

/// Sets each unit's owner unless it already has exactly that one, so running the file again changes nothing.
public static class UnitOwnersImport
{
    public static async Task<int> RunAsync(string path, Session session, CancellationToken ct)
    {
        var data = UnitOwnersFile.Load(path);
        var client = session.Budget();
        if (data.Invented) session.Out.MarkupLine("[yellow]These people and addresses are invented examples.[/]");
        int set = 0, kept = 0;
        foreach (var spec in data.Owners!)
        {
            var unit = await client.GetUnitAsync(new GetUnitRequest { Code = spec.Unit! }, cancellationToken: ct);
            var owner = spec.ToProto();
            if (owner.Equals(unit.Owner)) { kept++; continue; }
            await client.SetUnitOwnerAsync(new SetUnitOwnerRequest { Code = unit.Code, Owner = owner, Etag = unit.Etag }, cancellationToken: ct);
            set++;
        }
        session.Out.MarkupLine($"Unit owners: {set} set, {kept} already as in the file.");
        return ExitCodes.Ok;
    }
}
