namespace FitnessDriver.EventLog;

/// <summary>A message to append: the key picks the partition, so one key's messages stay in order.</summary>
public sealed record EventMessage(string Key, ReadOnlyMemory<byte> Value, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>Where an appended message landed.</summary>
public readonly record struct AppendResult(TopicPartition Partition, long Offset);

/// <summary>The range of a partition: <paramref name="Low"/> is its oldest position, <paramref name="High"/> the next to be written.</summary>
public readonly record struct Watermarks(long Low, long High)
{
    /// <summary>True when a consumer resuming at <paramref name="position"/> (or never started, when null) has nothing left to read.</summary>
    public bool IsCaughtUp(long? position) => High <= Low || position >= High;
}
