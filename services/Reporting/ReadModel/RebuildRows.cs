namespace Region.Reporting.ReadModel;

// A rebuild's state (read_model_rebuilds and its two child tables), kept in the database so every
// replica sees it: the rpc that starts it, the consumers that fill the shadow, the monitor that
// switches or fails it. Not ITenantOwned: the monitor reads every tenant's, and the switch must
// not move these rows with the read model's.

/// One rebuild of a tenant's read model. Status: running, done or failed (then Failure says why).
public sealed class RebuildRow
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string Tenant { get; init; }
    public string Status { get; set; } = RebuildStatus.Running;
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    /// When it fails unless every snapshot has arrived (Reporting:Rebuild:Timeout after the start).
    public DateTimeOffset Deadline { get; init; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Failure { get; set; }
    public List<RebuildSourceRow> Sources { get; init; } = [];
}

public static class RebuildStatus
{
    public const string Running = "running", Done = "done", Failed = "failed";
}

/// What one source (budget, goals, ...) has sent a rebuild: Announced is what AnnounceSnapshot
/// answered (null until it did; Error why its last attempt failed); Expected the ids of the
/// snapshot's events reporting consumes, known once the source's marker event has arrived.
public sealed class RebuildSourceRow
{
    public Guid RebuildId { get; init; }
    public required string Source { get; init; }
    public int? Announced { get; set; }
    public string? Error { get; set; }
    /// How often AnnounceSnapshot was called, and when an unanswered source may be asked again (a
    /// call in progress claims the row until its own deadline has passed; see ReadModelRebuild).
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? MarkerAt { get; set; }
    public List<Guid> Expected { get; set; } = [];
    /// How many had arrived when the rebuild ended (its event rows are then deleted).
    public int ReceivedAtEnd { get; set; }
}

/// An event applied to the shadow while a rebuild ran (snapshot or live), by its source, so the
/// monitor can count the snapshot's events that have arrived.
public sealed class RebuildEventRow
{
    public Guid RebuildId { get; init; }
    public Guid EventId { get; init; }
    public required string Source { get; init; }
}
