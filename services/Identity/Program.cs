namespace Region.Identity;

/// The identity service's entry point; IdentityApp puts it together. A class in a namespace, not
/// top-level statements: a global Program would clash with the services' own in every test
/// project that references TestSupport (which starts this service for real tokens).
public static class IdentityProgram
{
    public static async Task Main(string[] args)
    {
        await using var app = await IdentityApp.BuildAsync(WebApplication.CreateBuilder(args));
        await app.RunAsync();
    }
}
