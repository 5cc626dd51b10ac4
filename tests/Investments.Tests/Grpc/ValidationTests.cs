using Grpc.Core;
using Region.Investments.V1;
using Region.TestSupport;
using static Region.TestSupport.Rpc;
using InvestmentFigures = Region.Investments.Domain.InvestmentFigures;
using PlanTable = Region.Investments.Domain.PlanTable;

namespace Region.Investments.Tests.Grpc;

/// One table per RPC: each bad request is INVALID_ARGUMENT naming exactly its bad fields, never
/// quotes a long input whole, and writes nothing.
public sealed class ValidationTests(InvestmentsHost host) : IClassFixture<InvestmentsHost>
{
    private static readonly string Huge = RpcTables.Huge;
    private const string Nul = "RS\0";
    private static readonly string Code41 = new('A', 41);
    private const long TooMuch = InvestmentFigures.MaxAmount + 1;

    private static ObjectFields Server() => new()
    {
        UnitCode = "IT", Name = "Serverhall", Kind = InvestmentKind.New, Category = InvestmentCategory.It, Amount = 3_630_000, Financing = Financing.Self,
    };

    private async Task<(InvestmentsService.InvestmentsServiceClient Client, string Tenant, InvestmentObject Object)> PlanWithObjectAsync()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022, DecisionReference = "§ 204" });
        var o = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = Server() });
        return (client, tenant, o);
    }

    private Task AllRefused(string tenant, params (Func<Task> Call, string[] Fields)[] table) =>
        RpcTables.AllRefusedAsync(() => host.RowCountsAsync(tenant), table);

    [Fact]
    public async Task CreatePlan_refuses_bad_codes_years_and_references()
    {
        var tenant = NewTenant();
        var c = await host.SeededClientAsync(tenant);
        await AllRefused(tenant,
            (() => c.CreatePlanAsync(new() { BodyCode = "", Year = 0, DecisionReference = new string('r', 301) }).ResponseAsync, ["body_code", "year", "decision_reference"]),
            (() => c.CreatePlanAsync(new() { BodyCode = Huge, Year = 2022 }).ResponseAsync, ["body_code"]),
            (() => c.CreatePlanAsync(new() { BodyCode = Nul, Year = int.MaxValue }).ResponseAsync, ["body_code", "year"]),
            (() => c.CreatePlanAsync(new() { BodyCode = "NOPE", Year = 2022, DecisionReference = "Beslut\n§ 204" }).ResponseAsync, ["body_code", "decision_reference"]),
            (() => c.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022, DecisionReference = "§\u0085204" }).ResponseAsync, ["decision_reference"]));
    }

    [Fact]
    public async Task GetPlan_refuses_bad_codes_and_years()
    {
        var (c, tenant, _) = await PlanWithObjectAsync();
        await AllRefused(tenant,
            (() => c.GetPlanAsync(new() { BodyCode = "", Year = 1999, UnitCode = Code41 }).ResponseAsync, ["body_code", "year", "unit_code"]),
            (() => c.GetPlanAsync(new() { BodyCode = Huge, Year = 2022, UnitCode = "NOPE" }).ResponseAsync, ["body_code", "unit_code"]),
            (() => c.GetPlanAsync(new() { BodyCode = "R S", Year = 2022, UnitCode = Nul }).ResponseAsync, ["body_code", "unit_code"]));
    }

    [Fact]
    public async Task AddObject_refuses_every_bad_field_at_once()
    {
        var (c, tenant, _) = await PlanWithObjectAsync();
        var bad = new ObjectFields
        {
            UnitCode = "it\0", Name = new string('n', 501), Kind = (InvestmentKind)99, Category = (InvestmentCategory)99, Amount = TooMuch, Financing = (Financing)(-1),
        };
        await AllRefused(tenant,
            (() => c.AddObjectAsync(new() { BodyCode = Nul, Year = 2101, Object = bad, RequestId = new string('r', 101) }).ResponseAsync,
                ["body_code", "year", "object.unit_code", "object.name", "object.kind", "object.category", "object.amount", "object.financing", "request_id"]),
            (() => c.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = new ObjectFields(Server()) { Name = "Server\u0007hall", Amount = long.MinValue } }).ResponseAsync,
                ["object.name", "object.amount"]),
            (() => c.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = new ObjectFields(Server()) { UnitCode = Huge }, RequestId = "a\u0000b" }).ResponseAsync,
                ["object.unit_code", "request_id"]),
            (() => c.AddObjectAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync,
                ["object.unit_code", "object.name", "object.category", "object.amount", "object.financing"]));
    }

    [Fact]
    public async Task An_objects_unit_outside_the_region_gets_the_shared_words_and_one_outside_the_body_is_told_so()
    {
        var (c, tenant, o) = await PlanWithObjectAsync();

        var unknown = Assert.Single(await InvalidArgument(
            () => c.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = new ObjectFields(Server()) { UnitCode = "ITT" } }).ResponseAsync, "object.unit_code"));
        var elsewhere = Assert.Single(await InvalidArgument(
            () => c.UpdateObjectAsync(new() { Id = o.Id, Etag = o.Etag, Object = new ObjectFields(Server()) { UnitCode = "hsn" } }).ResponseAsync, "object.unit_code"));

        Assert.Equal("Unit 'ITT' does not exist in this region. Did you mean IT?", unknown.Description);
        Assert.Equal("Unit 'hsn' is not part of RS, the plan's body: an object belongs to the body or a unit below it.", elsewhere.Description);
        Assert.Equal("plans=1, objects=1, changes=1", await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task UpdateObject_refuses_a_bad_id_etag_or_field()
    {
        var (c, tenant, o) = await PlanWithObjectAsync();
        await AllRefused(tenant,
            (() => c.UpdateObjectAsync(new() { Id = "x", Etag = "", Object = Server() }).ResponseAsync, ["id", "etag"]),
            // The shared etag rule: a version number, so at most 20 printable characters, in every service.
            (() => c.UpdateObjectAsync(new() { Id = o.Id, Etag = new string('9', 21), Object = Server() }).ResponseAsync, ["etag"]),
            (() => c.UpdateObjectAsync(new() { Id = o.Id, Etag = o.Etag + "\n", Object = Server() }).ResponseAsync, ["etag"]),
            (() => c.UpdateObjectAsync(new() { Id = o.Id, Etag = o.Etag, Object = new ObjectFields(Server()) { Kind = (InvestmentKind)3, Amount = 0 } }).ResponseAsync,
                ["object.kind", "object.amount"]),
            (() => c.UpdateObjectAsync(new() { Id = o.Id, Etag = o.Etag, Object = new ObjectFields(Server()) { UnitCode = "HSN", Name = " " } }).ResponseAsync,
                ["object.unit_code", "object.name"]));
    }

    [Fact]
    public async Task ChangeStatus_refuses_an_unknown_status_and_a_long_reference()
    {
        var (c, tenant, o) = await PlanWithObjectAsync();
        await AllRefused(tenant,
            (() => c.ChangeStatusAsync(new() { Id = o.Id, Etag = o.Etag, Status = (InvestmentStatus)99, DecisionReference = Huge }).ResponseAsync, ["status", "decision_reference"]),
            (() => c.ChangeStatusAsync(new() { Id = "", Etag = o.Etag, Status = InvestmentStatus.Unspecified }).ResponseAsync, ["id", "status"]),
            (() => c.ChangeStatusAsync(new() { Id = o.Id, Etag = Huge, Status = InvestmentStatus.Decided }).ResponseAsync, ["etag"]),
            (() => c.ChangeStatusAsync(new() { Id = o.Id, Etag = o.Etag, Status = InvestmentStatus.Decided, DecisionReference = "§\t204" }).ResponseAsync, ["decision_reference"]));
        Assert.Equal(InvestmentStatus.Planned, (await c.GetObjectAsync(new() { Id = o.Id })).Status);
    }

    [Fact]
    public async Task RecordSpending_and_RecordForecast_refuse_amounts_out_of_range_and_days_that_are_not_ISO_dates()
    {
        var (c, tenant, o) = await PlanWithObjectAsync();
        o = await c.ChangeStatusAsync(new() { Id = o.Id, Etag = o.Etag, Status = InvestmentStatus.Decided });
        await AllRefused(tenant,
            (() => c.RecordSpendingAsync(new() { Id = o.Id, Etag = o.Etag, SpentToDate = -1, AsOf = "٢٠٢٢-08-31" }).ResponseAsync, ["spent_to_date", "as_of"]),
            (() => c.RecordSpendingAsync(new() { Id = o.Id, Etag = o.Etag, SpentToDate = TooMuch, AsOf = Huge }).ResponseAsync, ["spent_to_date", "as_of"]),
            (() => c.RecordForecastAsync(new() { Id = o.Id, Etag = o.Etag, Forecast = long.MaxValue, AsOf = "2021-12-31" }).ResponseAsync, ["forecast", "as_of"]),
            (() => c.RecordForecastAsync(new() { Id = "nope", Forecast = long.MinValue, AsOf = "2022-08-31" }).ResponseAsync, ["id", "etag"]));
    }

    [Fact]
    public async Task ImportPlanTable_refuses_bad_rows_and_too_many_rows_with_one_violation()
    {
        var tenant = NewTenant();
        var c = await host.SeededClientAsync(tenant);
        var badRows = Seed2022.Table();
        badRows.StatedTotalKsek = -1;
        badRows.Rows[0].AmountKsek = InvestmentFigures.MaxAmountKsek + 1;
        badRows.Rows[1].Kind = (InvestmentKind)99;
        badRows.Rows[2].UnitCode = "regionservice\u202E";
        var tooMany = Seed2022.Table();
        for (var i = 0; i < PlanTable.MaxRows; i++) tooMany.Rows.Add(new TableRow(Seed2022.Rows[0]) { Name = $"Rad {i}" });
        await AllRefused(tenant,
            (() => c.ImportPlanTableAsync(badRows).ResponseAsync, ["stated_total_ksek", "rows[0].amount_ksek", "rows[1].kind", "rows[2].unit_code"]),
            (() => c.ImportPlanTableAsync(tooMany).ResponseAsync, ["rows"]),
            (() => c.ImportPlanTableAsync(new() { BodyCode = Huge, Year = 2022, DecisionReference = new string('r', 301) }).ResponseAsync,
                ["body_code", "decision_reference", "rows"]));
    }

    [Fact]
    public async Task Queries_refuse_bad_codes_ids_and_years()
    {
        var (c, tenant, _) = await PlanWithObjectAsync();
        await AllRefused(tenant,
            (() => c.ListObjectsAsync(new() { UnitCode = "", Year = 1999 }).ResponseAsync, ["unit_code", "year"]),
            (() => c.ListObjectsAsync(new() { UnitCode = Huge }).ResponseAsync, ["unit_code"]),
            (() => c.GetNetInvestmentsAsync(new() { UnitCode = Nul, FromYear = 2022, ToYear = 2021 }).ResponseAsync, ["unit_code", "to_year"]),
            (() => c.GetNetInvestmentsAsync(new() { FromYear = int.MinValue, ToYear = int.MaxValue }).ResponseAsync, ["from_year", "to_year"]),
            (() => c.GetObjectAsync(new() { Id = Huge }).ResponseAsync, ["id"]));
    }

    [Fact]
    public async Task A_code_of_100_000_characters_is_answered_in_a_short_message()
    {
        var c = await host.SeededClientAsync(NewTenant());

        var e = await FailsWith(StatusCode.InvalidArgument, () => c.GetPlanAsync(new() { BodyCode = Huge, Year = 2022 }).ResponseAsync);

        Assert.True(e.Status.Detail.Length < 200, e.Status.Detail);
    }
}
