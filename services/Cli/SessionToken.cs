namespace Region.Cli;

/// The access token a command's calls carry. A command can run longer than a token lives
/// (`regionctl generate` of the large region runs for an hour or more), so once the token is older
/// than RenewAfter the next call starts fetching it again in the background and keeps sending the
/// current one until the new one has arrived. Fetching goes through the same source as the first
/// token (the stored login, which renews itself when it is about to expire).
public sealed class SessionToken(Func<CancellationToken, Task<string?>> fetch, string? first, TimeProvider clock)
{
    /// Well inside the lifetime of the identity provider's access tokens (one hour).
    public static readonly TimeSpan RenewAfter = TimeSpan.FromMinutes(10);

    private string? _current = first;
    private DateTimeOffset _fetchedAt = clock.GetUtcNow();
    private int _renewing;

    public static async Task<SessionToken> FetchAsync(Func<CancellationToken, Task<string?>> fetch, TimeProvider clock, CancellationToken ct) =>
        new(fetch, await fetch(ct), clock);

    public string? Current
    {
        get
        {
            if (_current is not null && clock.GetUtcNow() - _fetchedAt > RenewAfter && Interlocked.Exchange(ref _renewing, 1) == 0)
                _ = RenewAsync();
            return Volatile.Read(ref _current);
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            if (await fetch(CancellationToken.None) is { } renewed)
            {
                Volatile.Write(ref _current, renewed);
                _fetchedAt = clock.GetUtcNow();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The current token stays until it expires; the call that then fails says so.
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }
}
