namespace FitnessDriver.EventLog;

/// <summary>
/// Called when partitions are assigned to a consumer. Returns the positions to start from for any of them;
/// partitions left out start from the group's committed position, or from the beginning when there is none.
/// </summary>
public delegate ValueTask<IReadOnlyDictionary<TopicPartition, long>> PartitionsAssignedHandler(
    IReadOnlyCollection<TopicPartition> partitions, CancellationToken cancellationToken);

/// <summary>Called before partitions are taken away from a consumer, after its last batch was handled.</summary>
public delegate ValueTask PartitionsRevokedHandler(IReadOnlyCollection<TopicPartition> partitions, CancellationToken cancellationToken);

/// <summary>How a consumer joins the log.</summary>
/// <param name="Group">
/// The consumer group: members of one group share the partitions and the committed positions.
/// <see langword="null"/> reads every partition of the topics from the beginning and commits nothing.
/// </param>
/// <param name="Topics">The topics to read.</param>
public sealed record ConsumerOptions(string? Group, IReadOnlyList<string> Topics)
{
    /// <summary>Optional: where to start on newly assigned partitions.</summary>
    public PartitionsAssignedHandler? OnAssigned { get; init; }

    /// <summary>Optional: told before partitions are revoked.</summary>
    public PartitionsRevokedHandler? OnRevoked { get; init; }
}
