namespace FitnessDriver.EventLog;

/// <summary>
/// A member of a consumer group. Not thread-safe: one loop consumes, handles and commits.
/// </summary>
public interface IEventConsumer : IAsyncDisposable
{
    /// <summary>The partitions this member reads now.</summary>
    IReadOnlyCollection<TopicPartition> Assignment { get; }

    /// <summary>
    /// Returns up to <paramref name="maxRecords"/> records, waiting at most <paramref name="maxWait"/> for the first one.
    /// An empty list means nothing arrived in time. Assignment changes are handled inside this call.
    /// </summary>
    ValueTask<IReadOnlyList<LogRecord>> ConsumeAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default);

    /// <summary>Moves the read position of an assigned partition.</summary>
    void Seek(TopicPartition partition, long offset);

    /// <summary>Commits the group's positions: each value is where the group resumes in that partition.</summary>
    ValueTask CommitAsync(IReadOnlyDictionary<TopicPartition, long> positions, CancellationToken cancellationToken = default);

    /// <summary>The group's committed positions for the given partitions (missing when never committed).</summary>
    ValueTask<IReadOnlyDictionary<TopicPartition, long>> GetCommittedAsync(
        IReadOnlyCollection<TopicPartition> partitions, CancellationToken cancellationToken = default);
}
