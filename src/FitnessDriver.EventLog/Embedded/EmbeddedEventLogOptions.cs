namespace FitnessDriver.EventLog.Embedded;

/// <summary>Settings of the embedded log (configuration section <c>EventLog:Embedded</c>).</summary>
public sealed class EmbeddedEventLogOptions
{
    /// <summary>Where topics and committed positions live. Defaults to <c>{data directory}/log</c>.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Partitions of a topic created without an explicit count.</summary>
    public int DefaultPartitions { get; set; } = 4;

    /// <summary>Partition counts by topic name.</summary>
    public Dictionary<string, int> Partitions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Largest entry, as a power of two: a FasterLog page must hold one whole entry. 21 = 2 MiB.
    /// </summary>
    public int PageSizeBits { get; set; } = 21;

    /// <summary>Memory per partition for the log tail, as a power of two (at least one more than the page size).</summary>
    public int MemorySizeBits { get; set; } = 22;

    /// <summary>Size of each file on disk, as a power of two. 28 = 256 MiB.</summary>
    public int SegmentSizeBits { get; set; } = 28;

    /// <summary>Appends waiting for durability beyond which new appends are refused (back-pressure).</summary>
    public int MaxPendingAppends { get; set; } = 20_000;

    /// <summary>Minimum thread-pool worker threads while the log is open (its disk writes block threads).</summary>
    public int MinThreadPoolThreads { get; set; } = 64;

    /// <summary>
    /// Age in hours beyond which records that every consumer group of their topic has committed past are truncated.
    /// </summary>
    public double RetentionHours { get; set; } = 168;

    /// <summary>Minutes between two retention passes.</summary>
    public double RetentionCheckMinutes { get; set; } = 10;

    /// <summary>Topics never truncated, whatever their age and their groups' positions.</summary>
    public HashSet<string> KeepWhole { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The partition count for a topic.</summary>
    public int PartitionsOf(string topic) => Partitions.TryGetValue(topic, out var count) ? count : DefaultPartitions;
}
