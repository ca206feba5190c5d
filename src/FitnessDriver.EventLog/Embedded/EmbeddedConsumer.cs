using FASTER.core;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>A consumer of the embedded log: one FasterLog iterator per owned partition.</summary>
internal sealed class EmbeddedConsumer : IEventConsumer
{
    private readonly EmbeddedEventLog log;
    private readonly ConsumerOptions options;
    private readonly GroupCoordinator? coordinator;
    private readonly Dictionary<TopicPartition, FasterLogScanIterator> iterators = [];
    private int seenGeneration = -1;
    private int nextPartitionToRead;
    private bool disposed;

    public EmbeddedConsumer(EmbeddedEventLog log, ConsumerOptions options, GroupCoordinator? coordinator)
    {
        this.log = log;
        this.options = options;
        this.coordinator = coordinator;
        Topics = options.Topics.ToHashSet(StringComparer.Ordinal);
        foreach (var topic in Topics)
            log.Topic(topic);
        coordinator?.Join(this);
    }

    public IReadOnlySet<string> Topics { get; }

    public IReadOnlyCollection<TopicPartition> Assignment => iterators.Keys.ToList();

    public async ValueTask<IReadOnlyList<LogRecord>> ConsumeAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(maxWait);
        var records = new List<LogRecord>();
        while (true)
        {
            // A rebalance may outlast the deadline (its callbacks query a database); what is readable then is still read.
            await RebalanceAsync(cancellationToken);
            var waits = Read(records, maxRecords, deadline.Token);
            if (records.Count > 0)
                return records;
            cancellationToken.ThrowIfCancellationRequested();
            if (deadline.IsCancellationRequested)
                return records;

            if (coordinator is not null)
                waits.Add(coordinator.Changed);
            try
            {
                await Task.WhenAny(waits.Append(Task.Delay(Timeout.Infinite, deadline.Token)));
            }
            catch (OperationCanceledException)
            {
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (deadline.IsCancellationRequested)
                return records;
        }
    }

    public void Seek(TopicPartition partition, long offset)
    {
        if (!iterators.Remove(partition, out var iterator))
            throw new InvalidOperationException($"{partition} is not assigned to this consumer.");
        iterator.Dispose();
        iterators[partition] = log.Partition(partition).OpenIterator(offset);
    }

    public ValueTask CommitAsync(IReadOnlyDictionary<TopicPartition, long> positions, CancellationToken cancellationToken = default)
    {
        if (coordinator is null)
            throw new InvalidOperationException("A consumer without a group has nothing to commit to.");
        coordinator.Committed.Commit(positions);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyDictionary<TopicPartition, long>> GetCommittedAsync(
        IReadOnlyCollection<TopicPartition> partitions, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<TopicPartition, long>();
        foreach (var partition in partitions)
        {
            if (coordinator is not null && coordinator.Committed.TryGet(partition, out var position))
                result[partition] = position;
        }

        return ValueTask.FromResult<IReadOnlyDictionary<TopicPartition, long>>(result);
    }

    private List<Task> Read(List<LogRecord> records, int maxRecords, CancellationToken waitCancellation)
    {
        var waits = new List<Task>();
        var owned = iterators.ToList();
        for (var i = 0; i < owned.Count && records.Count < maxRecords; i++)
        {
            var (partition, iterator) = owned[(nextPartitionToRead + i) % owned.Count];
            while (records.Count < maxRecords)
            {
                if (iterator.GetNext(out var entry, out var length, out var offset, out var nextOffset))
                {
                    records.Add(RecordFraming.Decode(entry, length, partition, offset, nextOffset));
                    continue;
                }

                if (waitCancellation.IsCancellationRequested)
                    break;
                var wait = iterator.WaitAsync(waitCancellation);
                // Completed with true: the data is durable but its page is still being read from disk.
                waits.Add(wait.IsCompleted ? Task.Delay(1, waitCancellation) : wait.AsTask());
                break;
            }
        }

        nextPartitionToRead++;
        return waits;
    }

    private async ValueTask RebalanceAsync(CancellationToken cancellationToken)
    {
        IReadOnlySet<TopicPartition> target;
        if (coordinator is null)
        {
            if (seenGeneration == 0)
                return;
            target = Topics.SelectMany(t => Enumerable.Range(0, log.GetPartitionCount(t)).Select(p => new TopicPartition(t, p))).ToHashSet();
            seenGeneration = 0;
        }
        else
        {
            if (seenGeneration == coordinator.Generation && iterators.Count > 0)
                return;
            seenGeneration = coordinator.Generation;
            target = coordinator.TargetFor(this, log.GetPartitionCount);
            var revoked = iterators.Keys.Where(p => !target.Contains(p)).ToList();
            if (revoked.Count > 0)
            {
                if (options.OnRevoked is { } onRevoked)
                    await onRevoked(revoked, cancellationToken);
                foreach (var partition in revoked)
                {
                    iterators.Remove(partition, out var iterator);
                    iterator!.Dispose();
                }

                coordinator.Release(this, revoked);
            }
        }

        var claimed = target.Where(p => !iterators.ContainsKey(p) && (coordinator?.TryClaim(this, p) ?? true)).ToList();
        if (claimed.Count == 0)
            return;

        IReadOnlyDictionary<TopicPartition, long> starts;
        try
        {
            starts = options.OnAssigned is { } onAssigned
                ? await onAssigned(claimed, cancellationToken)
                : new Dictionary<TopicPartition, long>();
        }
        catch
        {
            // The claimed partitions are not open yet: the next call must try again even if the group did not change.
            seenGeneration = -1;
            throw;
        }
        var committed = await GetCommittedAsync(claimed, cancellationToken);
        foreach (var partition in claimed)
        {
            var start = starts.TryGetValue(partition, out var s) ? s
                : committed.TryGetValue(partition, out var c) ? c
                : 0;
            iterators[partition] = log.Partition(partition).OpenIterator(start);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (disposed)
            return ValueTask.CompletedTask;
        disposed = true;
        foreach (var iterator in iterators.Values)
            iterator.Dispose();
        iterators.Clear();
        coordinator?.Leave(this);
        return ValueTask.CompletedTask;
    }
}
