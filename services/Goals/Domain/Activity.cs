namespace Region.Goals.Domain;

/// Aktivitet: what is done towards a goal. Its status lives outside the plan (it is follow-up, not plan).
public sealed record Activity(Guid Id, string Code, string Name, string? Description, DateOnly? StartDate, DateOnly? EndDate, int Version = 1);
