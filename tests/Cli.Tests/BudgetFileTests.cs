namespace Region.Cli.Tests;

public sealed class BudgetFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"budget-{Guid.NewGuid():N}.yaml");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_file_with_several_mistakes_reports_every_one_with_its_path()
    {
        File.WriteAllText(_path, """
            units:
              - { code: RJH, name: Region, level: region }
              - { code: RS, name: Styrelsen, level: body, parent: NOPE }
              - { code: RD, name: Direktör, level: area, parent: RS }
            frame_table:
              body: RS
              year: 2022
              source: test
              rows:
                - { unit: RD, label: RD, category: officials, columns: [1, 2, 3], net: 6 }
                - { unit: XX, label: XX, category: staff, columns: [0, 0, 0, 0, 0, 0, 0.25], net: 0 }
            ledger:
              entries:
                - { unit: RD, kind: prioritisation, reason: "More", amount: 8.2, change: { personnel_costs: -8.0 } }
                - { unit: RD, kind: other, reason: "No figure", amount: 0 }
                - { unit: RD, kind: index-uplift, reason: "More", amount: 0, estimate: true }
                - { from: RD, to: RD, kind: transfer, reason: "Move", amount: 1, change: { salaries: -1 }, case: "rs 1" }
            """);

        var e = Assert.Throws<UsageException>(() => BudgetFile.Load(_path));

        var text = string.Join("\n", e.Problems);
        foreach (var expected in new[]
        {
            "units[1].parent: 'NOPE' is not defined above this unit.",
            "frame_table.rows[0].columns: exactly 7 amounts",
            "frame_table.rows[1].unit: 'XX' is not in units.",
            "frame_table.rows[1].category: 'staff' is not officials or elected-members.",
            "frame_table.rows[1].columns[6]: 0.25 has more than one decimal",
            "ledger.entries[0].change: the columns add up to -8.0, but the document's figure is 8.2.",
            "ledger.entries[1].estimate: an entry without a figure (amount: 0) must say estimate: true.",
            "ledger.entries[2].reason: RD already has an entry with this reason",
            "ledger.entries[3].to: a transfer needs two different units.",
            "ledger.entries[3].case: 'rs 1' is not a case number",
            "ledger.entries[3].change.salaries: not a column",
        })
            Assert.Contains(expected, text);
    }

    [Fact]
    public void A_typo_in_a_key_names_the_line()
    {
        File.WriteAllText(_path, "units:\n  - { code: RJH, nmae: Region, level: region }\n");

        var e = Assert.Throws<UsageException>(() => BudgetFile.Load(_path));

        Assert.StartsWith($"{_path}:2:", Assert.Single(e.Problems));
    }
}
