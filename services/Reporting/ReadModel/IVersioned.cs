namespace Region.Reporting.ReadModel;

/// A row that keeps the version of the state it holds, so VersionedUpsert can ignore an older one.
public interface IVersioned
{
    int Version { get; set; }
}
