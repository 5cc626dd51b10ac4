namespace Region.Goals.Domain;

/// Målområde: a goal area of a board's plan, under a strategy.
public sealed record GoalArea(string Code, string Name, string? StrategyCode);
