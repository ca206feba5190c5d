using System.Threading.Channels;
using FASTER.core;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>
/// One partition: a FasterLog on its own device, with a committer that turns concurrent appends into group commits.
/// </summary>
internal sealed class PartitionLog : IAsyncDisposable
{
    private readonly IDevice device;
    private readonly Channel<bool> commitRequests = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource stopping = new();
    private readonly Task committer;
    private readonly ILogger logger;
    private readonly int maxPendingAppends;
    private int pendingAppends;
    private volatile Exception? commitFailure;

    public PartitionLog(TopicPartition id, string directory, EmbeddedEventLogOptions options, ILogger logger)
    {
        Id = id;
        this.logger = logger;
        maxPendingAppends = options.MaxPendingAppends;
        Directory.CreateDirectory(directory);
        device = Devices.CreateLogDevice(Path.Combine(directory, "segment"), preallocateFile: false, recoverDevice: true);
        Log = new FasterLog(new FasterLogSettings
        {
            LogDevice = device,
            LogCommitDir = Path.Combine(directory, "commits"),
            PageSizeBits = options.PageSizeBits,
            MemorySizeBits = options.MemorySizeBits,
            SegmentSizeBits = options.SegmentSizeBits,
            LogChecksum = LogChecksumType.PerEntry,
        });
        committer = Task.Run(CommitLoopAsync);
    }

    public TopicPartition Id { get; }

    public FasterLog Log { get; }

    /// <summary>Set when a commit failed: the log accepts nothing more until it is reopened.</summary>
    public Exception? CommitFailure => commitFailure;

    /// <summary>The position just after the last durable entry.</summary>
    public long EndOffset => Log.CommittedUntilAddress;

    /// <summary>The oldest position still in the log.</summary>
    public long BeginOffset => Log.BeginAddress;

    public async ValueTask<long> AppendAsync(byte[] entry, CancellationToken cancellationToken)
    {
        if (commitFailure is { } failure)
            throw new EventLogUnavailableException($"Partition {Id} failed to commit and refuses appends until restart.", failure);
        if (Interlocked.Increment(ref pendingAppends) > maxPendingAppends)
        {
            Interlocked.Decrement(ref pendingAppends);
            throw new EventLogUnavailableException($"Partition {Id} has {maxPendingAppends} appends waiting for disk.");
        }

        try
        {
            var address = await Log.EnqueueAsync(entry, cancellationToken);
            commitRequests.Writer.TryWrite(true);
            // Entries are never empty, so a commit past address + 1 covers the whole entry.
            await Log.WaitForCommitAsync(address + 1, token: cancellationToken);
            return address;
        }
        catch (CommitFailureException e)
        {
            throw new EventLogUnavailableException($"Partition {Id} could not commit to disk.", e);
        }
        finally
        {
            Interlocked.Decrement(ref pendingAppends);
        }
    }

    public FasterLogScanIterator OpenIterator(long from)
    {
        var start = from < Log.BeginAddress || from > Log.CommittedUntilAddress ? Log.BeginAddress : from;
        if (start != from && from != 0)
            logger.LogWarning("Position {Position} is outside {Partition} ({Begin}..{End}); reading from {Start}",
                from, Id, Log.BeginAddress, Log.CommittedUntilAddress, start);
        return Log.Scan(start, long.MaxValue, recover: false);
    }

    /// <summary>
    /// The position of the first entry before <paramref name="until"/> appended after <paramref name="horizon"/> (or
    /// unreadable), else <paramref name="until"/>: where a truncation must stop to keep younger entries.
    /// </summary>
    public async ValueTask<long> FirstAppendedAfterAsync(DateTimeOffset horizon, long until, CancellationToken cancellationToken)
    {
        using var iterator = Log.Scan(Log.BeginAddress, until, recover: false);
        do
        {
            while (iterator.GetNext(out var entry, out var length, out var offset, out _))
            {
                if (!(RecordFraming.TimestampOf(entry, length) <= horizon))
                    return offset;
            }
        }
        while (await iterator.WaitAsync(cancellationToken));

        return until;
    }

    /// <summary>Drops every entry before <paramref name="until"/>; segment files wholly before it are deleted.</summary>
    public async ValueTask TruncateAsync(long until, CancellationToken cancellationToken)
    {
        Log.TruncateUntil(until);
        await Log.CommitAsync(cancellationToken);
    }

    private async Task CommitLoopAsync()
    {
        try
        {
            // One commit covers every entry enqueued before it started: concurrent appends share it (group commit).
            await foreach (var _ in commitRequests.Reader.ReadAllAsync(stopping.Token))
            {
                try
                {
                    await Log.CommitAsync(stopping.Token);
                }
                catch (CommitFailureException e)
                {
                    commitFailure = e;
                    logger.LogCritical(e, "Commit failed on {Partition}; appends are refused until restart", Id);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await committer;
        try
        {
            Log.Commit(spinWait: true);
        }
        catch (CommitFailureException e)
        {
            logger.LogError(e, "Final commit failed on {Partition}", Id);
        }

        Log.Dispose();
        device.Dispose();
        stopping.Dispose();
    }
}
