using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Domain;
using Region.Budget.V1;
using Region.Contracts.Budget;
using Region.ServiceDefaults.Data;
using Region.TestSupport;
using static Region.TestSupport.AuditTrail;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// What the imports write with binary COPY (BulkInsert) instead of tracked entities: every row
/// still audited as the caller, events in the outbox, and nothing left when the transaction fails.
public sealed class BulkImportTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task ImportFrameTable_audits_every_frame_as_added_by_the_caller_with_every_field()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await Seed2022.CreateUnitsAsync(client);
        string traceId, requestId;
        using (var trace = StartTrace())
        {
            await client.ImportFrameTableAsync(Seed2022.Table(), trace.Headers);
            (traceId, requestId) = (trace.TraceId, trace.RequestId);
        }

        var call = (await EntriesAsync(host.Invoker(tenant))).Where(e => e.TraceId == traceId).ToList();
        var subject = SubjectOf(await host.TokenAsync(tenant));
        Assert.All(call, e => Assert.Equal((subject, "test.user", "/region.budget.v1.BudgetService/ImportFrameTable", requestId, "added"),
            (e.Subject, e.SubjectName, e.Rpc, e.RequestId, e.Action)));
        var frames = call.Where(e => e.ObjectKind == nameof(BudgetFrame)).ToList();
        Assert.Equal(4, frames.Count);
        Assert.Single(call, e => e.ObjectKind == nameof(Region.Budget.Domain.FrameTableImport));
        await using var db = host.Db(tenant);
        var rst = await db.Frames.AsNoTracking().SingleAsync(f => f.Year == 2022 && db.Units.Any(u => u.Id == f.UnitId && u.Code == "RST"));
        var entry = Assert.Single(frames, e => e.ObjectKey == rst.Id.ToString());
        Assert.Equal("", entry.BeforeJson);
        Assert.Equal(Seed2022.Sek(-86.7m), (long)Field(entry.AfterJson, "Opening.Depreciation")!);
        Assert.Equal(rst.UnitId.ToString(), (string)Field(entry.AfterJson, "UnitId")!);
        Assert.Equal(2022, (int)Field(entry.AfterJson, "Year")!);
        Assert.Equal(rst.Category.ToString(), (string)Field(entry.AfterJson, "Category")!);
        Assert.DoesNotContain("Tenant", Fields(entry.AfterJson));
        // Every field of the model, as the change tracker's entry of an added frame names them.
        var model = db.Model.FindEntityType(typeof(BudgetFrame))!;
        var expected = model.GetProperties().Select(p => p.Name).Where(n => n != "Tenant")
            .Concat(model.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties().Select(p => $"{c.Name}.{p.Name}")));
        Assert.Equal(expected.Order(), Fields(entry.AfterJson).Order());
    }

    [Fact]
    public async Task RecordOutcomes_audits_each_new_line_as_added_and_each_replaced_one_as_modified()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        OutcomeLine Line(int month, long amount) => new() { UnitCode = "RD", Year = 2022, Month = month, Column = FrameColumn.PersonnelCosts, Amount = amount };
        await client.RecordOutcomesAsync(new() { RequestId = "first", Lines = { Line(1, -100), Line(2, -200) } });
        string traceId;
        using (var trace = StartTrace())
        {
            await client.RecordOutcomesAsync(new() { RequestId = "second", Lines = { Line(2, -250), Line(3, -300) } }, trace.Headers);
            traceId = trace.TraceId;
        }

        var call = (await EntriesAsync(host.Invoker(tenant), nameof(MonthlyOutcome))).Where(e => e.TraceId == traceId).ToList();
        var added = Assert.Single(call, e => e.Action == "added");
        Assert.Equal((3, -300L, "second"), ((int)Field(added.AfterJson, "Month")!, (long)Field(added.AfterJson, "Amount")!, (string)Field(added.AfterJson, "RequestId")!));
        Assert.Equal(nameof(BudgetColumn.PersonnelCosts), (string)Field(added.AfterJson, "Column")!);
        var modified = Assert.Single(call, e => e.Action == "modified");
        Assert.Equal((-200L, -250L), ((long)Field(modified.BeforeJson, "Amount")!, (long)Field(modified.AfterJson, "Amount")!));
        await using var db = host.Db(tenant);
        Assert.Equal([-100L, -250L, -300L], await db.Outcomes.OrderBy(o => o.Month).Select(o => o.Amount).ToListAsync());
    }

    [Fact]
    public async Task A_bulk_insert_rolls_back_with_its_transaction_and_refuses_to_run_outside_one()
    {
        var tenant = NewTenant();
        await host.SeededClientAsync(tenant);
        await using var db = host.Db(tenant);
        var unit = await db.Units.SingleAsync(u => u.Code == "RD");
        var before = await host.RowCountsAsync(tenant);
        var outboxBefore = await db.OutboxMessages.CountAsync();
        MonthlyOutcome Outcome() => new() { UnitId = unit.Id, Year = 2031, Month = 1, Column = BudgetColumn.PersonnelCosts, Amount = -1, RequestId = "rolled-back" };

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.InsertAsync([Outcome()], CancellationToken.None);
            await db.EnqueueAllAsync([new { Note = "never published" }], CancellationToken.None);
            Assert.Equal(1, await db.Outcomes.CountAsync(o => o.RequestId == "rolled-back"));
            await transaction.RollbackAsync();
        }

        Assert.Equal(before, await host.RowCountsAsync(tenant));
        Assert.True(await db.OutboxMessages.CountAsync() <= outboxBefore);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.InsertAsync([Outcome()], CancellationToken.None));
        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task A_batch_whose_copy_fails_writes_nothing_of_it()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.RecordOutcomesAsync(new() { RequestId = "first", Lines = { Line(5, -1) } });
        var before = await host.RowCountsAsync(tenant);
        // The database refuses July for this tenant alone, so the batch's COPY fails after its checks
        // passed: its other line, its replaced month, its record and its audit entries must go with it.
        var constraint = "test_no_july_" + tenant;
        await using var db = host.Db(tenant);
        var add = $"ALTER TABLE monthly_outcomes ADD CONSTRAINT \"{constraint}\" CHECK (\"Month\" <> 7 OR \"Tenant\" <> '{tenant}')";
        await db.Database.ExecuteSqlRawAsync(add);
        try
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => client.RecordOutcomesAsync(new() { RequestId = "second", Lines = { Line(5, -2), Line(6, -3), Line(7, -4) } }).ResponseAsync);
            Assert.NotEqual(StatusCode.OK, e.StatusCode);
        }
        finally
        {
            var drop = $"ALTER TABLE monthly_outcomes DROP CONSTRAINT \"{constraint}\"";
            await db.Database.ExecuteSqlRawAsync(drop);
        }
        Assert.Equal(before, await host.RowCountsAsync(tenant));
        Assert.Equal(-1L, (await db.Outcomes.AsNoTracking().SingleAsync()).Amount);

        static OutcomeLine Line(int month, long amount) => new() { UnitCode = "RD", Year = 2022, Month = month, Column = FrameColumn.PersonnelCosts, Amount = amount };
    }
}
