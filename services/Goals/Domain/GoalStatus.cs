namespace Region.Goals.Domain;

/// Grön (achieved), gul (not fully, moving the right way), röd (not achieved), ej mätbar.
public enum GoalStatus
{
    Green = 1,
    Yellow = 2,
    Red = 3,
    NotMeasurable = 4,
}
