namespace FitnessDriver.EventLog;

/// <summary>A message read from the log.</summary>
/// <param name="Partition">Topic and partition it was read from.</param>
/// <param name="Offset">Its position in the partition.</param>
/// <param name="NextOffset">The position to resume from after it: what a consumer commits once it is processed.</param>
/// <param name="Key">The key it was appended with.</param>
/// <param name="Value">The payload.</param>
/// <param name="Timestamp">When it was appended.</param>
/// <param name="Headers">Headers it was appended with; empty when none.</param>
public sealed record LogRecord(
    TopicPartition Partition,
    long Offset,
    long NextOffset,
    string Key,
    ReadOnlyMemory<byte> Value,
    DateTimeOffset Timestamp,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The topic it was read from.</summary>
    public string Topic => Partition.Topic;
}
