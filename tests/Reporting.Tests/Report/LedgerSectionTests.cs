using Region.Reporting.ReadModel;

namespace Region.Reporting.Tests.Report;

/// Issue 22: the ledger section starts from the frames as opened, and a transfer says which way it went.
public sealed class LedgerSectionTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    [Fact]
    public async Task The_ledger_opens_with_the_opening_frames_and_names_each_transfers_direction()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (db, rows) =>
        {
            rows.Frame.OpeningNet = -110_000_000;
            var at = new DateTimeOffset(2022, 3, 1, 9, 0, 0, TimeSpan.Zero);
            db.Ledger.Add(new LedgerRow { EntryId = Guid.NewGuid(), UnitCode = "RST", Year = 2022, Kind = "Other", Change = -12_000_000, Reason = "Ny enhet", ChangedAt = at });
            // RST gives 2 MSEK of spending room to VV (its net rises) and receives 3 MSEK from RD (its net falls).
            db.Ledger.Add(new LedgerRow { EntryId = Guid.NewGuid(), UnitCode = "RST", Year = 2022, Kind = "Transfer", Change = 2_000_000, Reason = "Tjänst flyttas", ChangedAt = at.AddDays(1), CounterpartUnitCode = "VV" });
            db.Ledger.Add(new LedgerRow { EntryId = Guid.NewGuid(), UnitCode = "RST", Year = 2022, Kind = "Transfer", Change = -3_000_000, Reason = "Uppdrag tas över", ChangedAt = at.AddDays(2), CounterpartUnitCode = "RD" });
        });

        var client = host.Client(tenant);
        var report = await client.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
        var markdown = (await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Content;

        Assert.Equal(-110_000_000, report.Budget.OpeningNet);
        Assert.Contains("Budgetramarna öppnades med sammanlagt -110,0 miljoner kronor och har sedan ändrats 3 gånger med sammanlagt -13,0 miljoner kronor, till -123,0 miljoner kronor.", markdown);
        Assert.Contains("| Årets början | RS | Ingående ramar | -110,0 |", markdown);
        Assert.Contains("| RST (till VV) | Omdisponering | 2,0 |", markdown);
        Assert.Contains("| RST (från RD) | Omdisponering | -3,0 |", markdown);
    }

    [Fact]
    public async Task Changes_included_in_the_opening_show_their_amounts_marked_and_are_not_counted_again()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (db, rows) =>
        {
            rows.Frame.OpeningNet = -110_000_000;
            var at = new DateTimeOffset(2022, 1, 10, 9, 0, 0, TimeSpan.Zero);
            // Seed 003, line 386: 9 mkr for hälsoval, already in Vårdval's printed frame.
            db.Ledger.Add(new LedgerRow { EntryId = Guid.NewGuid(), UnitCode = "RST", Year = 2022, Kind = "Prioritisation", Change = -9_000_000,
                Reason = "Prioritering 9 mkr utökad budget för hälsovalet", CaseNumber = "RS/60/2021", ChangedAt = at, IncludedInOpening = true });
            db.Ledger.Add(new LedgerRow { EntryId = Guid.NewGuid(), UnitCode = "RST", Year = 2022, Kind = "IndexUplift", Change = 0,
                Reason = "Uppräkning enligt LPIK", ChangedAt = at.AddMinutes(1), AmountIsEstimate = true, IncludedInOpening = true });
            db.Ledger.Add(new LedgerRow { EntryId = Guid.NewGuid(), UnitCode = "RST", Year = 2022, Kind = "Other", Change = -2_000_000, Reason = "Beslut i mars", ChangedAt = at.AddMonths(2) });
        });

        var client = host.Client(tenant);
        var report = await client.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
        var markdown = (await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Content;

        Assert.Equal([true, true, false], report.Budget.Ledger.Select(l => l.IncludedInOpening));
        Assert.Contains("Budgetramarna öppnades med sammanlagt -110,0 miljoner kronor och har sedan ändrats 1 gång med sammanlagt -2,0 miljoner kronor, till -112,0 miljoner kronor.", markdown);
        Assert.Contains("2 förändringar med sammanlagt -9,0 miljoner kronor ingår redan i ingångsramarna; de redovisas nedan men räknas inte en gång till.", markdown);
        Assert.Contains("| RST | Prioritering | -9,0 (ingår i ingångsramen) | Prioritering 9 mkr utökad budget för hälsovalet | RS/60/2021 |", markdown);
        Assert.Contains("| RST | Uppräkning (LPIK) | 0,0 (uppskattat, ingår i ingångsramen) |", markdown);
    }
}
