using System.Diagnostics.Metrics;
using System.Text;
using FitnessDriver.EventLog;
using FitnessDriver.EventLog.Embedded;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Testing;

namespace FitnessDriver.Postgres.Tests;

/// <summary>
/// The lag gauge covers the partitions a member holds, from the position it holds them at: with several replicas,
/// each partition is reported once, by its owner, and not as the whole partition by the others.
/// </summary>
public sealed class ConsumerLagTests : IAsyncLifetime
{
    private const string Topic = "lag.events";
    private readonly TemporaryDirectory directory = new("fd-lag");
    private readonly string group = $"lag-{Guid.NewGuid():N}";
    private EmbeddedEventLog log = null!;

    public ValueTask InitializeAsync()
    {
        log = new EmbeddedEventLog(new EmbeddedEventLogOptions { Directory = directory.Path, DefaultPartitions = 2 });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await log.DisposeAsync();
        directory.Dispose();
    }

    [Fact]
    public async Task Only_held_partitions_are_reported_and_revoked_ones_are_dropped()
    {
        var appended = new List<AppendResult>();
        for (var i = 0; i < 20; i++)
            appended.Add(await log.AppendAsync(Topic, new EventMessage($"athlete-{i}", Encoding.UTF8.GetBytes($"event {i}")), TestContext.Current.CancellationToken));
        var watermarks = await log.GetWatermarksAsync(Topic, TestContext.Current.CancellationToken);
        var first = new TopicPartition(Topic, 0);
        var second = new TopicPartition(Topic, 1);
        Assert.True(watermarks[first].High > watermarks[first].Low && watermarks[second].High > watermarks[second].Low, "both partitions hold events");
        var stored = appended.Where(a => a.Partition == first).Skip(1).First().Offset;

        var lag = new ConsumerLag(log, group);
        lag.Assigned([first], new Dictionary<TopicPartition, long> { [first] = stored });
        await lag.RefreshAsync([Topic], TestContext.Current.CancellationToken);
        Assert.Equal(new Dictionary<int, long> { [0] = watermarks[first].High - stored }, Read());

        lag.Processed(new Dictionary<TopicPartition, long> { [first] = watermarks[first].High });
        lag.Revoked([first]);
        lag.Assigned([second], new Dictionary<TopicPartition, long>());
        await Task.Delay(1100, TestContext.Current.CancellationToken);
        await lag.RefreshAsync([Topic], TestContext.Current.CancellationToken);
        // A partition without a stored position is read from the beginning: all of it is still ahead.
        Assert.Equal(new Dictionary<int, long> { [1] = watermarks[second].High - watermarks[second].Low }, Read());
    }

    /// <summary>The gauge's current values for this test's group, by partition.</summary>
    private Dictionary<int, long> Read()
    {
        var values = new Dictionary<int, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SinkMetrics.MeterName && instrument.Name == "fd.consumer.lag")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var labels = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (Equals(labels["group"], group))
                values[(int)labels["partition"]!] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
