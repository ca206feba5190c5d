using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog.Kafka;

/// <summary>
/// A consumer of the Kafka log. With a group: a cooperative-sticky group member with manual commits, whose start positions
/// come from <see cref="ConsumerOptions.OnAssigned"/>. Without: every partition assigned from the beginning.
/// All librdkafka calls run on its own thread, and only while the caller waits for them, so rebalance callbacks happen
/// between batches: after the previous batch was handled and before the next is returned.
/// </summary>
internal sealed class KafkaConsumer : IEventConsumer
{
    // Consume blocks; waiting in slices keeps cancellation prompt.
    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);

    private readonly KafkaEventLog log;
    private readonly ConsumerOptions options;
    private readonly ILogger logger;
    private readonly IConsumer<string, byte[]> consumer;
    private readonly ConsumerThread thread;

    // Touched only on the consumer thread.
    private readonly HashSet<TopicPartition> unsettled = [];
    private readonly HashSet<TopicPartition> unsettledAndRunning = [];
    private Exception? assignFailure;
    private List<LogRecord>? batch;
    private CancellationToken callCancellation;
    private bool assignedWithoutGroup;

    private volatile IReadOnlyCollection<TopicPartition> assignment = [];
    private bool disposed;

    public KafkaConsumer(KafkaEventLog log, KafkaEventLogOptions settings, ConsumerOptions options, ILogger logger)
    {
        this.log = log;
        this.options = options;
        this.logger = logger;
        // librdkafka insists on a group id even for a consumer that only assigns; this one never joins or commits.
        var groupId = options.Group ?? $"{settings.ClientId}.reader.{Guid.NewGuid():N}";
        var builder = new ConsumerBuilder<string, byte[]>(KafkaClientSettings.Consumer(settings, groupId))
            .SetErrorHandler((_, error) => log.Logging.Error(error))
            .SetLogHandler((_, message) => log.Logging.Log(message));
        if (options.Group is not null)
        {
            builder.SetPartitionsAssignedHandler(OnPartitionsAssigned)
                .SetPartitionsRevokedHandler((_, partitions) => OnPartitionsTakenAway(partitions, lost: false))
                .SetPartitionsLostHandler((_, partitions) => OnPartitionsTakenAway(partitions, lost: true));
        }

        consumer = builder.Build();
        thread = new ConsumerThread($"kafka-consumer {options.Group ?? "(no group)"}");
        if (options.Group is not null)
            consumer.Subscribe(options.Topics);
    }

    public IReadOnlyCollection<TopicPartition> Assignment => assignment;

    public async ValueTask<IReadOnlyList<LogRecord>> ConsumeAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        return await thread.RunAsync(() => Collect(maxRecords, maxWait, cancellationToken));
    }

    public void Seek(TopicPartition partition, long offset)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!assignment.Contains(partition))
            throw new InvalidOperationException($"{partition} is not assigned to this consumer.");
        thread.Run(() =>
        {
            consumer.Seek(new TopicPartitionOffset(KafkaRecords.ToKafka(partition), new Offset(offset)));
            // An explicit position replaces the one OnAssigned has yet to give.
            if (unsettled.Remove(partition))
            {
                unsettledAndRunning.Remove(partition);
                consumer.Resume([KafkaRecords.ToKafka(partition)]);
            }
        });
    }

    public async ValueTask CommitAsync(IReadOnlyDictionary<TopicPartition, long> positions, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (options.Group is null)
            throw new InvalidOperationException("A consumer without a group has nothing to commit to.");
        await thread.RunAsync(() =>
        {
            // A partition that moved to another member is that member's to commit: committing it here could move the
            // group's position back.
            var owned = consumer.Assignment.Select(KafkaRecords.ToLog).ToHashSet();
            var offsets = positions.Where(p => owned.Contains(p.Key) && !unsettled.Contains(p.Key))
                .Select(p => new TopicPartitionOffset(KafkaRecords.ToKafka(p.Key), new Offset(p.Value)))
                .ToList();
            if (offsets.Count == 0)
                return;
            try
            {
                consumer.Commit(offsets);
            }
            catch (KafkaException e)
            {
                throw new EventLogUnavailableException($"Group {options.Group} could not commit its positions: {e.Error.Reason} ({e.Error.Code}).", e);
            }
        });
    }

    public async ValueTask<IReadOnlyDictionary<TopicPartition, long>> GetCommittedAsync(
        IReadOnlyCollection<TopicPartition> partitions, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (options.Group is null || partitions.Count == 0)
            return new Dictionary<TopicPartition, long>();
        return await thread.RunAsync(() => Committed(partitions));
    }

    private IReadOnlyDictionary<TopicPartition, long> Committed(IEnumerable<TopicPartition> partitions)
    {
        try
        {
            return consumer.Committed(partitions.Select(KafkaRecords.ToKafka), log.OperationTimeout)
                .Where(c => c.Offset.Value >= 0)
                .ToDictionary(c => KafkaRecords.ToLog(c.TopicPartition), c => c.Offset.Value);
        }
        catch (KafkaException e)
        {
            throw new EventLogUnavailableException($"Group {options.Group} could not read its committed positions: {e.Error.Reason}.", e);
        }
    }

    private List<LogRecord> Collect(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Math.Max(0, maxWait.TotalSeconds) * Stopwatch.Frequency);
        callCancellation = cancellationToken;
        var records = new List<LogRecord>();
        batch = records;
        try
        {
            if (!AssignWithoutGroup(deadline, cancellationToken))
                return records;
            SettleStartPositions();
            while (records.Count < maxRecords)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    Rewind(records);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                var wait = records.Count > 0 || remaining <= TimeSpan.Zero ? TimeSpan.Zero : remaining < PollSlice ? remaining : PollSlice;
                ConsumeResult<string, byte[]>? result;
                try
                {
                    result = consumer.Consume(wait);
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    // E.g. a subscribed topic that does not exist yet: nothing to read from it, the rest goes on.
                    logger.LogWarning("Consumer {Group}: {Reason} ({Code})", options.Group, e.Error.Reason, e.Error.Code);
                    result = null;
                }

                PauseUnsettled();
                if (assignFailure is { } failure && records.Count == 0)
                {
                    assignFailure = null;
                    throw failure;
                }

                if (result is null || result.IsPartitionEOF)
                {
                    if (records.Count > 0 || Stopwatch.GetTimestamp() >= deadline)
                        break;
                    continue;
                }

                var record = KafkaRecords.FromKafka(result);
                // Read before its start position was settled: it is read again from that position.
                if (!unsettled.Contains(record.Partition))
                    records.Add(record);
            }

            return records;
        }
        finally
        {
            batch = null;
            callCancellation = CancellationToken.None;
            assignment = consumer.Assignment.Select(KafkaRecords.ToLog).ToList();
        }
    }

    /// <summary>False when the partitions could not be listed yet; the call then waits out its time and returns nothing.</summary>
    private bool AssignWithoutGroup(long deadline, CancellationToken cancellationToken)
    {
        if (options.Group is not null || assignedWithoutGroup)
            return true;
        try
        {
            consumer.Assign(options.Topics.SelectMany(topic => Enumerable.Range(0, log.GetPartitionCount(topic))
                .Select(p => new TopicPartitionOffset(topic, new Partition(p), Offset.Beginning))).ToList());
            assignedWithoutGroup = true;
            return true;
        }
        catch (EventLogUnavailableException e)
        {
            logger.LogWarning("Reader of {Topics} cannot list partitions yet: {Reason}", string.Join(", ", options.Topics), e.Message);
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining > TimeSpan.Zero)
                cancellationToken.WaitHandle.WaitOne(remaining);
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }

    private IEnumerable<TopicPartitionOffset> OnPartitionsAssigned(IConsumer<string, byte[]> _, List<Confluent.Kafka.TopicPartition> partitions)
    {
        // The cooperative protocol reports every rebalance, also those that bring this member nothing new.
        if (partitions.Count == 0)
            return [];
        var added = partitions.Select(KafkaRecords.ToLog).ToList();
        IReadOnlyDictionary<TopicPartition, long> starts;
        try
        {
            starts = StartPositions(added);
        }
        catch (Exception e)
        {
            // The assignment must complete inside this callback; the partitions stay paused until their start is known.
            logger.LogWarning(e, "Consumer {Group}: start positions for {Partitions} unknown; retrying on the next consume",
                options.Group, string.Join(", ", added));
            assignFailure = e;
            unsettled.UnionWith(added);
            unsettledAndRunning.UnionWith(added);
            return partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset));
        }

        logger.LogInformation("Consumer {Group} assigned {Partitions}", options.Group, string.Join(", ", added));
        return partitions.Select(p => new TopicPartitionOffset(p,
            starts.TryGetValue(KafkaRecords.ToLog(p), out var start) ? new Offset(start) : Offset.Unset));
    }

    private IReadOnlyDictionary<TopicPartition, long> StartPositions(IReadOnlyCollection<TopicPartition> partitions) =>
        options.OnAssigned is { } onAssigned
            ? onAssigned(partitions, callCancellation).AsTask().GetAwaiter().GetResult()
            : new Dictionary<TopicPartition, long>();

    private void PauseUnsettled()
    {
        if (unsettledAndRunning.Count == 0)
            return;
        consumer.Pause(unsettledAndRunning.Select(KafkaRecords.ToKafka));
        unsettledAndRunning.Clear();
    }

    /// <summary>Asks <see cref="ConsumerOptions.OnAssigned"/> again for partitions whose start it failed to give; throws while it still fails.</summary>
    private void SettleStartPositions()
    {
        if (unsettled.Count == 0)
            return;
        PauseUnsettled();
        var partitions = unsettled.ToList();
        assignFailure = null;
        var starts = StartPositions(partitions);
        var committed = Committed(partitions.Where(p => !starts.ContainsKey(p)));
        foreach (var partition in partitions)
        {
            var start = starts.TryGetValue(partition, out var s) ? new Offset(s)
                : committed.TryGetValue(partition, out var c) ? new Offset(c)
                : Offset.Beginning;
            consumer.Seek(new TopicPartitionOffset(KafkaRecords.ToKafka(partition), start));
        }

        consumer.Resume(partitions.Select(KafkaRecords.ToKafka));
        unsettled.Clear();
        logger.LogInformation("Consumer {Group} assigned {Partitions}", options.Group, string.Join(", ", partitions));
    }

    private void OnPartitionsTakenAway(List<TopicPartitionOffset> partitions, bool lost)
    {
        if (partitions.Count == 0)
            return;
        var taken = partitions.Select(p => KafkaRecords.ToLog(p.TopicPartition)).ToList();
        // Records of these partitions gathered for the batch being built are not handed out: the next owner reads them
        // from the committed position.
        batch?.RemoveAll(r => taken.Contains(r.Partition));
        unsettled.ExceptWith(taken);
        unsettledAndRunning.ExceptWith(taken);
        logger.LogInformation("Consumer {Group} {Change} {Partitions}", options.Group, lost ? "lost" : "gave up", string.Join(", ", taken));
        if (options.OnRevoked is not { } onRevoked)
            return;
        try
        {
            onRevoked(taken, callCancellation).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            // The partitions go regardless; an exception here must not leave the group half rebalanced.
            logger.LogError(e, "Consumer {Group}: OnRevoked failed for {Partitions}", options.Group, string.Join(", ", taken));
        }
    }

    /// <summary>Moves back to the first record of an unfinished batch, so a cancelled call loses nothing.</summary>
    private void Rewind(List<LogRecord> records)
    {
        foreach (var first in records.GroupBy(r => r.Partition).Select(g => g.First()))
            consumer.Seek(new TopicPartitionOffset(KafkaRecords.ToKafka(first.Partition), new Offset(first.Offset)));
        records.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        var closed = thread.RunAsync(() =>
        {
            try
            {
                // Leaving the group now hands the partitions over at once instead of after the session timeout.
                if (options.Group is not null)
                    consumer.Close();
            }
            catch (KafkaException e)
            {
                logger.LogWarning(e, "Consumer {Group} did not leave its group cleanly", options.Group);
            }
            finally
            {
                consumer.Dispose();
            }
        });
        // librdkafka's close can wait forever for a member that was already thrown out of its group (max.poll.interval.ms
        // exceeded); its partitions are gone anyway, so shutting down must not wait on it.
        if (await Task.WhenAny(closed, Task.Delay(log.OperationTimeout)) != closed)
        {
            logger.LogWarning("Consumer {Group} did not close within {Timeout} ms; leaving it to the end of the process",
                options.Group, (int)log.OperationTimeout.TotalMilliseconds);
            thread.Abandon();
            return;
        }

        await closed;
        thread.Dispose();
    }
}
