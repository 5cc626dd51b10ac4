namespace Region.Contracts.Periods;

/// Period ↔ region.common.v1.Period. Checking what a caller sent is Input.CheckPeriod (ServiceDefaults).
public static class PeriodMessages
{
    public static Common.V1.Period ToProto(this Period p) =>
        new() { Year = p.Year, Kind = (Common.V1.PeriodKind)(int)p.Kind, Number = p.Number };
}
