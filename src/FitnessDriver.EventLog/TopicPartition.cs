namespace FitnessDriver.EventLog;

/// <summary>One partition of one topic.</summary>
public readonly record struct TopicPartition(string Topic, int Partition)
{
    /// <inheritdoc />
    public override string ToString() => $"{Topic}[{Partition}]";
}
