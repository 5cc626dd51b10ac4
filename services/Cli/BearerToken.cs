using Spectre.Console;

namespace Region.Cli;

/// The access token every gRPC call carries (authorization: Bearer ...) once `regionctl login` has
/// stored one: renewed shortly before it expires, with the refresh token or, for a client-credentials
/// login, the client's secret file.
public static class BearerToken
{
    // Renew a little early, so a token does not expire between here and the service.
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    /// The token to send, or null when nobody is signed in (or the login could not be renewed: then
    /// a warning says so, and the call goes without, for the service to refuse).
    public static async Task<string?> CurrentAsync(CliContext context, CancellationToken ct)
    {
        if (TokenStore.For(context.Environment) is not { } store || store.Read() is not { } login)
            return null;
        if (login.ExpiresAt - Margin > DateTimeOffset.UtcNow)
            return login.AccessToken;
        try
        {
            var renewed = await RenewAsync(login, ct);
            store.Write(renewed);
            return renewed.AccessToken;
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            context.Error.MarkupLine($"[yellow]The stored login ({Markup.Escape(login.ClientId)} at {Markup.Escape(login.Identity.ToString())}) has expired " +
                $"and could not be renewed: {Markup.Escape(e.Message)}. Run 'regionctl login' again.[/]");
            return null;
        }
    }

    private static async Task<StoredLogin> RenewAsync(StoredLogin login, CancellationToken ct)
    {
        if (login.ClientSecretFile is { } secretFile)
        {
            await using var confidential = IdentityClient.Create(login.Identity, login.ClientId, await ReadSecretAsync(secretFile, ct));
            return Stored(login, await confidential.ClientCredentialsAsync(ct));
        }
        if (login.RefreshToken is null)
            throw new InvalidOperationException("there is no refresh token");
        await using var client = IdentityClient.Create(login.Identity, login.ClientId);
        return Stored(login, await client.RefreshAsync(login.RefreshToken, ct));
    }

    public static StoredLogin Stored(StoredLogin login, IdentityClient.Tokens tokens) => login with
    {
        AccessToken = tokens.AccessToken,
        // Without an expiry from the provider, assume the default hour.
        ExpiresAt = tokens.ExpiresAt ?? DateTimeOffset.UtcNow.AddHours(1),
        RefreshToken = tokens.RefreshToken,
    };

    public static async Task<string> ReadSecretAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) throw new UsageException($"--client-secret-file: {path} does not exist.");
        var secret = (await File.ReadAllTextAsync(path, ct)).Trim();
        return secret.Length > 0 ? secret : throw new UsageException($"--client-secret-file: {path} is empty.");
    }
}
