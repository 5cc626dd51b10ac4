using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Region.ServiceDefaults.Data;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// A frame-table import writes its frames by COPY, which the commit interceptor (it moves the keys
/// of the entities EF saved) does not see: the import moves its year's frames itself, so this
/// instance's next listing shows them at once (docs/architecture.md, "Kept reads").
public sealed class ImportedFramesCacheTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task Frames_imported_through_this_instance_show_in_its_next_listing_without_waiting_for_the_notification()
    {
        var client = host.Client(NewTenant());
        await Seed2022.CreateUnitsAsync(client);
        await Notified.WaitUntilAsync(() => host.Factory.Services.GetRequiredService<DatabaseChanges>().Listening);
        // Listening, but the database says nothing about frames (this class's own database): only
        // the import itself can move what the listing below keeps.
        await SetFramesTriggerAsync(enabled: false);
        try
        {
            var before = await client.ListBudgetFramesAsync(new() { UnitCode = "RS", Year = 2022 });
            Assert.All(before.Units, u => Assert.Null(u.Frame));

            await client.ImportFrameTableAsync(Seed2022.Table());

            var after = await client.ListBudgetFramesAsync(new() { UnitCode = "RS", Year = 2022 });
            Assert.Equal(["RD", "RS-FTM", "RST", "VV"], after.Units.Where(u => u.Frame is not null).Select(u => u.Unit.Code).Order(StringComparer.Ordinal));
            Assert.Equal(Seed2022.Sek(-1589.3m), after.Total.Net);
        }
        finally
        {
            await SetFramesTriggerAsync(enabled: true);
        }
    }

    private async Task SetFramesTriggerAsync(bool enabled)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"ALTER TABLE budget_frames {(enabled ? "ENABLE" : "DISABLE")} TRIGGER budget_frames_notify", connection);
        await command.ExecuteNonQueryAsync();
    }
}
