namespace FitnessDriver.TimeSeries;

/// <summary>Settings of the samples writer (configuration section <c>TimeSeries:Writer</c>).</summary>
public sealed class SampleWriterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "TimeSeries:Writer";

    /// <summary>
    /// Milliseconds a write keeps gathering sample batches from the log after the first ones: under load, one COPY and one
    /// transaction take many requests' samples. Storage lags the acknowledgement by at most this much more.
    /// </summary>
    public int LingerMilliseconds { get; set; } = 250;

    /// <summary>
    /// Milliseconds without a new sample batch after which a write stops gathering before its linger is over: while
    /// requests keep coming, batches follow each other closely and the linger fills the transaction; the last batches
    /// of a busy spell are stored at once instead of a linger later.
    /// </summary>
    public int LingerQuietMilliseconds { get; set; } = 25;

    /// <summary>
    /// Sample batches (one per request) a transaction takes at most. Larger transactions save little once a few
    /// hundred requests share one, and the last of a busy spell would keep its samples out of sight the longer.
    /// </summary>
    public int MaxBatchRecords { get; set; } = 500;

    /// <summary>
    /// Writers this process runs, members of one consumer group that split the partitions of <c>telemetry.samples</c>:
    /// while one waits for PostgreSQL, another decodes. More than the topic has partitions leaves the rest idle.
    /// </summary>
    public int Consumers { get; set; } = 2;
}
