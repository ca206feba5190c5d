using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>What one retention pass removed.</summary>
/// <param name="BytesTruncated">Log bytes before the new beginnings of the partitions.</param>
/// <param name="SegmentsReleased">Segment files that now lie wholly before them and were deleted.</param>
public sealed record RetentionOutcome(long BytesTruncated, long SegmentsReleased);

/// <summary>
/// Truncates each partition up to the oldest of the positions its topic's consumer groups committed and the first
/// record younger than the retention: only what every group has applied and what is old enough goes.
/// </summary>
internal sealed class LogRetention(EmbeddedEventLogOptions options, TimeProvider clock, ILogger logger)
{
    public async ValueTask<RetentionOutcome> RunAsync(IEnumerable<EmbeddedTopic> topics, string groupsDirectory, CancellationToken cancellationToken)
    {
        var groups = StoredGroups.Read(groupsDirectory);
        var horizon = clock.GetUtcNow() - TimeSpan.FromHours(options.RetentionHours);
        long bytes = 0, segments = 0;
        foreach (var partition in topics.Where(t => !options.KeepWhole.Contains(t.Name)).SelectMany(t => t.Partitions))
        {
            if (groups.CommittedByAll(partition.Id) is not { } committed || committed <= partition.BeginOffset)
                continue;
            var (truncated, released) = await TruncateAsync(partition, Math.Min(committed, partition.EndOffset), horizon, cancellationToken);
            bytes += truncated;
            segments += released;
        }

        return new RetentionOutcome(bytes, segments);
    }

    private async ValueTask<(long Bytes, long Segments)> TruncateAsync(PartitionLog partition, long committed, DateTimeOffset horizon, CancellationToken cancellationToken)
    {
        var begin = partition.BeginOffset;
        var until = await partition.FirstAppendedAfterAsync(horizon, committed, cancellationToken);
        if (until <= begin)
            return (0, 0);
        await partition.TruncateAsync(until, cancellationToken);
        var bytes = until - begin;
        var segments = (until >> options.SegmentSizeBits) - (begin >> options.SegmentSizeBits);
        EventLogMetrics.RecordTruncation(partition.Id.Topic, bytes, segments);
        logger.LogInformation("Retention truncated {Bytes} bytes and {Segments} segments of {Partition}, which now begins at {Begin} ({Held})",
            bytes, segments, partition.Id, until, until == committed ? "committed by every group" : "younger records");
        return (bytes, segments);
    }
}
