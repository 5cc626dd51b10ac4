using System.Diagnostics.Metrics;

namespace Region.ServiceDefaults.Tests;

/// Sums one counter's measurements that carry one tag value, as a metrics exporter would see them
/// (e.g. region.outbox.dead_lettered of one DbContext, region.events.consume_failures of one event).
sealed class CounterTotal : IDisposable
{
    readonly MeterListener _listener = new();
    long _total;

    public CounterTotal(string meter, string counter, string tag, string value)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meter && instrument.Name == counter)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, measured, tags, _) =>
        {
            foreach (var t in tags)
                if (t.Key == tag && Equals(t.Value, value))
                    Interlocked.Add(ref _total, measured);
        });
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
