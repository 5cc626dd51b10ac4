using System.Text.Json;
using System.Text.Json.Serialization;

namespace Region.Cli;

/// A login as `regionctl login` keeps it. A client-credentials login keeps the path of its secret
/// file (to sign in again when the token expires), never the secret.
public sealed record StoredLogin
{
    public required Uri Identity { get; init; }
    public required string ClientId { get; init; }
    public string? ClientSecretFile { get; init; }
    public required string AccessToken { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public string? RefreshToken { get; init; }
}

/// tokens.json in $XDG_CONFIG_HOME/regionctl (else ~/.config/regionctl), readable by its owner only.
public sealed class TokenStore(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public string Path { get; } = path;

    /// Null when the environment names no home for it (tests pass no environment, so they never
    /// read a developer's own login).
    public static TokenStore? For(Func<string, string?> environment)
    {
        var config = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : environment("HOME") is { Length: > 0 } home ? System.IO.Path.Combine(home, ".config")
            : null;
        return config is null ? null : new TokenStore(System.IO.Path.Combine(config, "regionctl", "tokens.json"));
    }

    public StoredLogin? Read()
    {
        if (!File.Exists(Path)) return null;
        try
        {
            return JsonSerializer.Deserialize<StoredLogin>(File.ReadAllText(Path), Json);
        }
        catch (JsonException)
        {
            return null; // a damaged file counts as no login; the next login replaces it
        }
    }

    public void Write(StoredLogin login)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Written beside and moved over, so a reader never sees half a file; created 0600, never widened.
        var temporary = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
            JsonSerializer.Serialize(stream, login, Json);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, Path, overwrite: true);
    }

    public bool Delete()
    {
        if (!File.Exists(Path)) return false;
        File.Delete(Path);
        return true;
    }
}
