using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>
/// The single-machine event log: each partition is a FasterLog on local disk; an append completes after its group commit.
/// Consumer groups share partitions in-process and keep committed positions in the log folder.
/// </summary>
public sealed partial class EmbeddedEventLog : IEventLog
{
    private readonly EmbeddedEventLogOptions options;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, Lazy<EmbeddedTopic>> topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GroupCoordinator> groups = new(StringComparer.Ordinal);
    private readonly TimeProvider clock;

    /// <summary>Opens (recovering after a crash) or creates the log in <see cref="EmbeddedEventLogOptions.Directory"/>.</summary>
    public EmbeddedEventLog(EmbeddedEventLogOptions options, ILogger<EmbeddedEventLog>? logger = null, TimeProvider? clock = null)
    {
        if (string.IsNullOrWhiteSpace(options.Directory))
            throw new ArgumentException("The embedded event log needs a directory.", nameof(options));
        this.options = options;
        this.logger = logger ?? NullLogger<EmbeddedEventLog>.Instance;
        this.clock = clock ?? TimeProvider.System;
        Directory.CreateDirectory(options.Directory);
        ReserveThreadsForBlockingWrites(options.MinThreadPoolThreads);
    }

    /// <summary>
    /// FasterLog writes its segments with write-through file I/O, which on Linux blocks a thread-pool thread for the
    /// length of a disk flush. With the default minimum (one thread per core) concurrent commits starve the pool and
    /// the pool grows only slowly, so appends wait for seconds; a higher minimum keeps commits at disk latency.
    /// </summary>
    private void ReserveThreadsForBlockingWrites(int minimum)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers >= minimum)
            return;
        ThreadPool.SetMinThreads(minimum, completionPorts);
        logger.LogDebug("Thread pool minimum raised from {Previous} to {Minimum} worker threads for the log's disk writes", workers, minimum);
    }

    /// <summary>Opens the given topics now rather than on first use (recovery happens here).</summary>
    public void CreateTopics(IEnumerable<string> names)
    {
        foreach (var name in names)
            Topic(name);
    }

    /// <inheritdoc />
    public async ValueTask<AppendResult> AppendAsync(string topic, EventMessage message, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var partitions = Topic(topic).Partitions;
        var partition = partitions[KeyPartitioner.PartitionFor(message.Key, partitions.Count)];
        var offset = await partition.AppendAsync(RecordFraming.Encode(message, clock.GetUtcNow()), cancellationToken);
        EventLogMetrics.RecordAppend(topic, Stopwatch.GetElapsedTime(started));
        return new AppendResult(partition.Id, offset);
    }

    /// <inheritdoc />
    public int GetPartitionCount(string topic) => Topic(topic).Partitions.Count;

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<TopicPartition, Watermarks>> GetWatermarksAsync(string topic, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyDictionary<TopicPartition, Watermarks>>(
            Topic(topic).Partitions.ToDictionary(p => p.Id, p => new Watermarks(p.BeginOffset, p.EndOffset)));

    /// <inheritdoc />
    public IEventConsumer Subscribe(ConsumerOptions options)
    {
        var coordinator = options.Group is null
            ? null
            : groups.GetOrAdd(options.Group, g => new GroupCoordinator(g, new CommittedPositions(GroupsDirectory, g)));
        coordinator?.Committed.Subscribe(options.Topics);
        return new EmbeddedConsumer(this, options, coordinator);
    }

    /// <summary>
    /// Truncates what every consumer group of a topic has committed past and what is older than
    /// <see cref="EmbeddedEventLogOptions.RetentionHours"/>, in the topics open now, except those kept whole.
    /// </summary>
    public ValueTask<RetentionOutcome> ApplyRetentionAsync(CancellationToken cancellationToken = default)
    {
        foreach (var group in groups.Values)
            group.Committed.Flush();
        var open = topics.Values.Where(t => t.IsValueCreated).Select(t => t.Value).ToList();
        return new LogRetention(options, clock, logger).RunAsync(open, GroupsDirectory, cancellationToken);
    }

    private string GroupsDirectory => Path.Combine(options.Directory, "groups");

    /// <summary>The first partition that stopped accepting appends after a failed commit, if any.</summary>
    public string? Failure => topics.Values.Where(t => t.IsValueCreated).SelectMany(t => t.Value.Partitions)
        .Where(p => p.CommitFailure is not null).Select(p => $"{p.Id}: {p.CommitFailure!.Message}").FirstOrDefault();

    internal EmbeddedTopic Topic(string name)
    {
        if (!TopicName().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a valid topic name.", nameof(name));
        return topics.GetOrAdd(name, n => new Lazy<EmbeddedTopic>(
            () => EmbeddedTopic.Open(n, Path.Combine(options.Directory, "topics", n), options, logger))).Value;
    }

    internal PartitionLog Partition(TopicPartition partition) => Topic(partition.Topic).Partitions[partition.Partition];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var topic in topics.Values.Where(t => t.IsValueCreated))
            await topic.Value.DisposeAsync();
        topics.Clear();
        foreach (var group in groups.Values)
            group.Committed.Dispose();
        groups.Clear();
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,200}$")]
    private static partial Regex TopicName();
}
