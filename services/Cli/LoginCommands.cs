using System.CommandLine;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl login` (device flow, or client credentials with a secret file), `logout` and `whoami`.
public static class LoginCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Login(context);
        yield return Logout(context);
        yield return WhoAmI(context);
    }

    private static Command Login(CliContext context)
    {
        var identity = new Option<string>("--identity")
        {
            Description = "Address of the identity provider. Env REGION_IDENTITY_URL.",
            DefaultValueFactory = _ => context.Environment("REGION_IDENTITY_URL") is { Length: > 0 } url ? url : IdentityClient.DefaultIdentity.ToString(),
            HelpName = "url",
        };
        var clientId = new Option<string>("--client-id")
        {
            Description = "The client to sign in as (default regionctl, a person through the device flow).",
            DefaultValueFactory = _ => IdentityClient.DefaultClientId,
        };
        var secretFile = new Option<string?>("--client-secret-file")
        {
            Description = "A file holding the client's secret: sign in with client credentials, without a person (scripts, deploy/local/start).",
            HelpName = "file",
        };
        var command = new Command("login", "Sign in and store the tokens every later command sends. Prints a URL and a code to enter there (as 'gh auth login' does), or, with --client-secret-file, signs a client in without a person.")
        {
            identity, clientId, secretFile,
        };
        command.SetAction((parse, ct) => Run(context, async () =>
        {
            var issuer = Uri.TryCreate(parse.GetValue(identity), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/")
                : throw new UsageException($"--identity: '{parse.GetValue(identity)}' is not an http:// or https:// address.");
            var client = parse.GetValue(clientId)!;
            var store = TokenStore.For(context.Environment) ?? throw new UsageException("Neither XDG_CONFIG_HOME nor HOME is set: there is nowhere to keep the login.");
            var login = new StoredLogin { Identity = issuer, ClientId = client, AccessToken = "", ExpiresAt = default };

            StoredLogin signedIn;
            if (parse.GetValue(secretFile) is { } file)
            {
                var path = Path.GetFullPath(file);
                await using var confidential = IdentityClient.Create(issuer, client, await BearerToken.ReadSecretAsync(path, ct));
                signedIn = BearerToken.Stored(login with { ClientSecretFile = path }, await confidential.ClientCredentialsAsync(ct));
            }
            else
            {
                await using var device = IdentityClient.Create(issuer, client);
                var challenge = await device.StartDeviceLoginAsync(ct);
                context.Out.MarkupLine($"To sign in, open [bold]{Markup.Escape(challenge.VerificationUri.ToString())}[/] and enter the code [bold]{Markup.Escape(challenge.UserCode)}[/]");
                if (challenge.VerificationUriComplete is { } complete)
                    context.Out.MarkupLine($"(or open {Markup.Escape(complete.ToString())})");
                context.Out.MarkupLine("[grey]Waiting for you to approve the code in the browser...[/]");
                signedIn = BearerToken.Stored(login, await device.WaitForDeviceLoginAsync(challenge, ct));
            }
            store.Write(signedIn);
            var who = Who.Of(signedIn.AccessToken);
            context.Out.MarkupLine($"[green]Signed in as {Markup.Escape(who.Describe())}.[/] [grey]Tokens in {Markup.Escape(store.Path)}[/]");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Logout(CliContext context)
    {
        var command = new Command("logout", "Forget the stored login (the tokens file).");
        command.SetAction((_, _) => Run(context, () =>
        {
            var store = TokenStore.For(context.Environment);
            context.Out.MarkupLine(store?.Delete() == true ? $"Signed out: removed {Markup.Escape(store.Path)}." : "Not signed in.");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static Command WhoAmI(CliContext context)
    {
        var command = new Command("whoami", "Who the stored login is: user, tenants, roles and unit scope, from its access token. Exit 1 when nobody is signed in.");
        command.SetAction((_, ct) => Run(context, async () =>
        {
            var store = TokenStore.For(context.Environment);
            var token = await BearerToken.CurrentAsync(context, ct);
            if (store?.Read() is not { } login || token is null)
            {
                context.Error.MarkupLine("[red]Not signed in.[/] [grey]Run 'regionctl login'.[/]");
                return ExitCodes.Rejected;
            }
            var who = Who.Of(token);
            var table = new Table().Border(TableBorder.None).HideHeaders().AddColumn("").AddColumn("");
            table.AddRow("user", Markup.Escape(who.Subject));
            table.AddRow("name", Markup.Escape(who.Name));
            table.AddRow("tenants", Markup.Escape(string.Join(", ", who.Tenants)));
            table.AddRow("roles", Markup.Escape(string.Join(", ", who.Roles)));
            table.AddRow("unit scope", Markup.Escape(who.UnitScope ?? "(none)"));
            table.AddRow("client", Markup.Escape(login.ClientId));
            table.AddRow("identity", Markup.Escape(login.Identity.ToString()));
            table.AddRow("expires", Markup.Escape(who.ExpiresAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture)));
            context.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<int> Run(CliContext context, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OpenIddictExceptions.ProtocolException e) when (e.Error == OpenIddictConstants.Errors.ServerError)
        {
            // What OpenIddict's client reports when nothing (or something else) answers at the address.
            context.Error.MarkupLine($"[red]The identity provider did not answer properly: {Markup.Escape(e.ErrorDescription ?? "")}[/] [grey]Is it running? Point --identity (REGION_IDENTITY_URL) at it.[/]");
            return ExitCodes.Unreachable;
        }
        catch (OpenIddictExceptions.ProtocolException e)
        {
            // access_denied, expired_token, invalid_client, ...: the provider's own words say enough.
            context.Error.MarkupLine($"[red]The identity provider said no: {Markup.Escape(e.Error ?? "")}[/] [grey]{Markup.Escape(e.ErrorDescription ?? "")}[/]");
            return ExitCodes.Rejected;
        }
        catch (HttpRequestException e)
        {
            context.Error.MarkupLine($"[red]The identity provider did not answer: {Markup.Escape(e.Message)}[/] [grey]Is it running? Point --identity (REGION_IDENTITY_URL) at it.[/]");
            return ExitCodes.Unreachable;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ErrorReporting.Report(e, context.Error);
        }
    }
}

/// What an access token says about its holder. Read without checking the signature: this is for
/// display, the services check it.
public sealed record Who(string Subject, string Name, IReadOnlyList<string> Tenants, IReadOnlyList<string> Roles, string? UnitScope, DateTimeOffset ExpiresAt)
{
    public static Who Of(string accessToken)
    {
        var jwt = new JsonWebToken(accessToken);
        string[] All(string type) => [.. jwt.Claims.Where(c => c.Type == type).Select(c => c.Value)];
        return new Who(jwt.Subject, All("name").FirstOrDefault() ?? jwt.Subject, All("tenant"), All("role"),
            All("unit_scope").FirstOrDefault(), new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
    }

    public string Describe() =>
        $"{Name} ({Subject}); tenants {string.Join(", ", Tenants)}; roles {string.Join(", ", Roles)}{(UnitScope is null ? "" : $"; unit scope {UnitScope}")}";
}
