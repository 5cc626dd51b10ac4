using System.Collections.ObjectModel;
using System.Diagnostics;

namespace Region.TestSupport;

/// Where OpenTelemetry's in-memory exporter puts the spans (`.AddInMemoryExporter(spans)`). Exporters
/// add from other threads (and other test classes' hosts are traced too), so reads and writes lock.
public sealed class ExportedSpans : Collection<Activity>
{
    protected override void InsertItem(int index, Activity item)
    {
        lock (this)
            base.InsertItem(index, item);
    }

    public Activity[] Snapshot()
    {
        lock (this)
            return [.. this];
    }
}
