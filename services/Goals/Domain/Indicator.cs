namespace Region.Goals.Domain;

/// Indikator: followed as a time series, no target (e.g. share of pupils with good self-rated health).
public sealed record Indicator(Guid Id, string Code, string Name, string? AreaCode, string? Unit, string? Description);
