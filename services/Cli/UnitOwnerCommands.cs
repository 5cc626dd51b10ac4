using System.CommandLine;
using Region.Budget.V1;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl units owner show|set|remove`: who answers for a unit (its reports and the reminders
/// about them). Set and remove read the unit first for its etag.
public static class UnitOwnerCommands
{
    public static Command Create(GlobalOptions globals, CliContext context) =>
        new("owner", "Who answers for a unit (ansvarig) and their deputy.") { Show(globals, context), Set(globals, context), Remove(globals, context) };

    private static Command Show(GlobalOptions globals, CliContext context)
    {
        var root = new Option<string?>("--root") { Description = "Show the owners of this unit and every unit below it (default: the whole tree).", HelpName = "code" };
        var command = new Command("show", "List each unit with its owner and deputy; units without an owner are marked.") { root };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var units = await ReadUnitsAsync(session.Budget(), parse.GetValue(root) ?? "", ct);
            if (units.Count == 0) throw new NoDataException("No units yet (load some with 'regionctl import demo-data/rs-2022/budget.yaml').");
            session.Out.Write(OwnerTable(units));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Set(GlobalOptions globals, CliContext context)
    {
        var unit = new Option<string>("--unit") { Description = "The unit, e.g. HR.", Required = true, HelpName = "code" };
        var name = new Option<string>("--name") { Description = "The owner's name.", Required = true };
        var email = new Option<string>("--email") { Description = "The owner's e-mail address, e.g. anna.andersson@example.se.", Required = true };
        var deputyName = new Option<string?>("--deputy-name") { Description = "The deputy's name (with --deputy-email)." };
        var deputyEmail = new Option<string?>("--deputy-email") { Description = "The deputy's e-mail address (with --deputy-name)." };
        var command = new Command("set", "Set (or replace) who answers for a unit.") { unit, name, email, deputyName, deputyEmail };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var owner = new UnitOwner
            {
                Name = parse.GetRequiredValue(name),
                Email = parse.GetRequiredValue(email),
                DeputyName = parse.GetValue(deputyName) ?? "",
                DeputyEmail = parse.GetValue(deputyEmail) ?? "",
            };
            var changed = await SetOwnerAsync(session.Budget(), parse.GetRequiredValue(unit), owner, ct);
            session.Out.Write(OwnerTable([changed]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(GlobalOptions globals, CliContext context)
    {
        var unit = new Option<string>("--unit") { Description = "The unit whose owner to remove.", Required = true, HelpName = "code" };
        var command = new Command("remove", "Remove a unit's owner: nobody answers for it until one is set.") { unit };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var changed = await SetOwnerAsync(session.Budget(), parse.GetRequiredValue(unit), owner: null, ct);
            session.Out.MarkupLine($"Unit [bold]{Markup.Escape(changed.Code)}[/] has no owner now.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// Reads the unit for its etag, then sets (or with null removes) its owner.
    public static async Task<Unit> SetOwnerAsync(BudgetService.BudgetServiceClient client, string code, UnitOwner? owner, CancellationToken ct)
    {
        var unit = await client.GetUnitAsync(new GetUnitRequest { Code = code }, cancellationToken: ct);
        return await client.SetUnitOwnerAsync(new SetUnitOwnerRequest { Code = unit.Code, Owner = owner, Etag = unit.Etag }, cancellationToken: ct);
    }

    /// Every page of ListUnits under root (the whole tree when empty).
    public static async Task<List<Unit>> ReadUnitsAsync(BudgetService.BudgetServiceClient client, string root, CancellationToken ct)
    {
        var units = new List<Unit>();
        var request = new ListUnitsRequest { RootCode = root, PageSize = 1000 };
        do
        {
            var page = await client.ListUnitsAsync(request, cancellationToken: ct);
            units.AddRange(page.Units);
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        return units;
    }

    private static Table OwnerTable(IEnumerable<Unit> units)
    {
        var table = new Table().AddColumns("Unit", "Name", "Owner", "E-mail", "Deputy", "Deputy's e-mail");
        foreach (var u in units)
        {
            var o = u.Owner;
            table.AddRow(
                new Text(u.Code), new Text(u.Name),
                o is null ? new Markup("[grey](none)[/]") : new Text(o.Name),
                new Text(o?.Email ?? ""), new Text(o?.DeputyName ?? ""), new Text(o?.DeputyEmail ?? ""));
        }
        return table;
    }
}
