namespace Region.Goals.Domain;

/// Strategi: one of the council's strategies in the regional plan.
public sealed record Strategy(string Code, string Name);
