using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.OrgUnits;

/// A service's local copy of one org unit of the budget service, kept current from its events.
public sealed class OrgUnitReplica : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    /// The unit's code in its canonical form (Input.Code), as the budget service stores it.
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// The budget level name (Region, Body, Division, Area, Department, Unit).
    public required string Level { get; set; }
    public string? ParentCode { get; set; }
    public int? ClosedFromYear { get; set; }
    /// The budget service's version of the unit; an event with an older or equal one is ignored.
    public int Version { get; set; }
    /// Who answers for the unit, as the budget service announced it; null when nobody does.
    public string? OwnerName { get; set; }
    public string? OwnerEmail { get; set; }
    public string? DeputyName { get; set; }
    public string? DeputyEmail { get; set; }

    public void SetOwner(UnitOwnerData? owner) =>
        (OwnerName, OwnerEmail, DeputyName, DeputyEmail) = (owner?.Name, owner?.Email, owner?.DeputyName, owner?.DeputyEmail);

    public bool IsOpenIn(int year) => ClosedFromYear is null || year < ClosedFromYear;
}

/// A DbContext that holds the org-unit replica.
public interface IOrgUnitReplicaDb
{
    DbSet<OrgUnitReplica> OrgUnits { get; }
}

public static class OrgUnitReplicaModel
{
    /// Maps the replica to <c>org_unit_replica</c>. Call before <c>base.OnModelCreating</c> so the
    /// tenant filter of ServiceDbContext covers it.
    public static ModelBuilder AddOrgUnitReplica(this ModelBuilder mb)
    {
        mb.Entity<OrgUnitReplica>(e =>
        {
            e.ToTable("org_unit_replica");
            e.Property(u => u.Code).HasMaxLength(40);
            e.Property(u => u.Name).HasMaxLength(200);
            e.Property(u => u.Level).HasMaxLength(16);
            e.Property(u => u.ParentCode).HasMaxLength(40);
            e.Property(u => u.OwnerName).HasMaxLength(200);
            e.Property(u => u.OwnerEmail).HasMaxLength(Input.MaxEmailLength);
            e.Property(u => u.DeputyName).HasMaxLength(200);
            e.Property(u => u.DeputyEmail).HasMaxLength(Input.MaxEmailLength);
            e.HasIndex(u => new { u.Tenant, u.Code }).IsUnique();
        });
        return mb;
    }
}
