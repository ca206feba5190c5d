using FitnessDriver.EventLog;

namespace FitnessDriver.Cli.Dlq;

/// <summary>How far a replay is: records appended again, and the share of the dead-letter topic done.</summary>
internal readonly record struct ReplayProgress(long Replayed, double Fraction);

/// <summary>
/// Appends each record of a dead-letter topic to its origin topic again (same key, so the same partition; same value;
/// its own headers without the dead-letter ones) and commits its progress in a consumer group of its own, after the
/// appends are durable. A second replay in the same group starts where the first ended, so it does not repeat; a replay
/// interrupted between append and commit appends those records again, which the idempotent consumers absorb.
/// Only what the topic held when the replay began is replayed: a record that fails again comes back to the
/// dead-letter topic and waits for the next replay instead of looping.
/// </summary>
internal sealed class DeadLetterReplay(IEventLog log, string topic, string group)
{
    private const int BatchSize = 500;

    public string Origin { get; } = DeadLetter.OriginTopicOf(topic);

    /// <summary>How long to wait without a record while some remain (e.g. another replay holds partitions of the group).</summary>
    public TimeSpan IdleLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Replays everything after the group's committed positions; returns how many records were appended.</summary>
    public async Task<long> RunAsync(IProgress<ReplayProgress>? progress, CancellationToken cancellationToken)
    {
        // The origin must exist already: appending to a missing Kafka topic would only time out.
        await log.GetWatermarksAsync(Origin, cancellationToken);
        var ends = await log.GetWatermarksAsync(topic, cancellationToken);
        await using var consumer = log.Subscribe(new ConsumerOptions(group, [topic]));
        var committed = await consumer.GetCommittedAsync(ends.Keys.ToList(), cancellationToken);
        var starts = ends.ToDictionary(e => e.Key, e => Math.Max(e.Value.Low, committed.TryGetValue(e.Key, out var c) ? c : e.Value.Low));
        var positions = new Dictionary<TopicPartition, long>(starts);
        var total = ends.Sum(e => Math.Max(0, e.Value.High - starts[e.Key]));
        long replayed = 0;
        progress?.Report(new ReplayProgress(0, total == 0 ? 1 : 0));

        var idle = new IdleWatch(IdleLimit);
        while (positions.Any(p => p.Value < ends[p.Key].High))
        {
            var records = await consumer.ConsumeAsync(BatchSize, TimeSpan.FromSeconds(1), cancellationToken);
            idle.Observe(records.Count, () => $"no records arrived from {topic} for {IdleLimit.TotalSeconds:0} s although " +
                $"{string.Join(", ", positions.Where(p => p.Value < ends[p.Key].High).Select(p => p.Key))} are not replayed to their end; " +
                $"is another replay running in group {group}?");
            var batch = records.Where(r => r.Offset < ends[r.Partition].High).ToList();
            if (batch.Count == 0)
                continue;

            // Started in order, so records with one key reach their partition in the order they failed.
            var appends = batch.Select(r => log.AppendAsync(Origin, new DeadLetter(r).Original, cancellationToken).AsTask()).ToList();
            await Task.WhenAll(appends);
            replayed += batch.Count;
            var done = new Dictionary<TopicPartition, long>();
            foreach (var record in batch)
                positions[record.Partition] = done[record.Partition] = record.NextOffset;
            await consumer.CommitAsync(done, cancellationToken);

            var advanced = positions.Sum(p => Math.Min(p.Value, ends[p.Key].High) - starts[p.Key]);
            progress?.Report(new ReplayProgress(replayed, total == 0 ? 1 : (double)advanced / total));
        }

        return replayed;
    }
}
