using System.Threading.Channels;
using FASTER.core;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>
/// One partition: a FasterLog on its own device, with a committer that turns concurrent appends into group commits.
/// </summary>
/// <remarks>
/// Commits run in FasterLog's fast commit mode: each one is a record in the log, flushed with the entries it covers,
/// and only every <see cref="CommitFilesEvery"/>th (and every truncation) also writes a commit file. Recovery opens the
/// latest commit file and scans forward from it to the last commit record it finds intact. A commit record is not an
/// entry, so the end offset is the end of the last durable entry, which each commit carries as its cookie.
/// </remarks>
internal sealed class PartitionLog : IAsyncDisposable
{
    /// <summary>Group commits per commit file: bounds how far recovery scans the log past the latest file.</summary>
    public const int CommitFilesEvery = 128;

    private readonly IDevice device;
    private readonly DeviceLogCommitCheckpointManager commitManager;
    private readonly Channel<bool> commitRequests = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource stopping = new();
    private readonly Task committer;
    private readonly ILogger logger;
    private readonly int maxPendingAppends;
    private int pendingAppends;
    private long enqueuedEnd;
    private long durableEnd;
    private volatile Exception? commitFailure;

    public PartitionLog(TopicPartition id, string directory, EmbeddedEventLogOptions options, ILogger logger)
    {
        Id = id;
        this.logger = logger;
        maxPendingAppends = options.MaxPendingAppends;
        Directory.CreateDirectory(directory);
        device = Devices.CreateLogDevice(Path.Combine(directory, "segment"), preallocateFile: false, recoverDevice: true);
        commitManager = new DeviceLogCommitCheckpointManager(new LocalStorageNamedDeviceFactory(),
            new DefaultCheckpointNamingScheme(Path.Combine(directory, "commits")), removeOutdated: true, fastCommitThrottleFreq: CommitFilesEvery);
        Log = new FasterLog(new FasterLogSettings
        {
            LogDevice = device,
            LogCommitManager = commitManager,
            FastCommitMode = true,
            PageSizeBits = options.PageSizeBits,
            MemorySizeBits = options.MemorySizeBits,
            SegmentSizeBits = options.SegmentSizeBits,
            LogChecksum = LogChecksumType.PerEntry,
        });
        durableEnd = enqueuedEnd = RecoveredEnd();
        committer = Task.Run(CommitLoopAsync);
    }

    public TopicPartition Id { get; }

    public FasterLog Log { get; }

    /// <summary>Set when a commit failed: the log accepts nothing more until it is reopened.</summary>
    public Exception? CommitFailure => commitFailure;

    /// <summary>The position just after the last durable entry.</summary>
    public long EndOffset => Interlocked.Read(ref durableEnd);

    /// <summary>The oldest position still in the log.</summary>
    public long BeginOffset => Log.BeginAddress;

    public async ValueTask<long> AppendAsync<TEntry>(TEntry entry, CancellationToken cancellationToken)
        where TEntry : ILogEnqueueEntry
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
            var end = address + Log.HeaderSize + Log.UnsafeAlign(entry.SerializedLength);
            Utility.MonotonicUpdate(ref enqueuedEnd, end, out _);
            commitRequests.Writer.TryWrite(true);
            // Entries are never empty, so a commit past address + 1 covers the whole entry.
            await Log.WaitForCommitAsync(address + 1, token: cancellationToken);
            // A commit covers everything before its tail, so every entry before this one is durable too.
            Utility.MonotonicUpdate(ref durableEnd, end, out _);
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
        await Log.CommitStronglyAsync(EndCookie(), token: cancellationToken);
    }

    /// <summary>
    /// The end of the last entry the recovered commits hold: the latest commit's cookie, then any entries that commit
    /// covered beyond it (enqueued while it started). A log without cookies has no commit records, so it ends at its
    /// committed address.
    /// </summary>
    private long RecoveredEnd()
    {
        if (Log.RecoveredCookie is not { Length: sizeof(long) } cookie)
            return Log.CommittedUntilAddress;
        var end = Math.Max(BitConverter.ToInt64(cookie), Log.BeginAddress);
        using var iterator = Log.Scan(end, Log.CommittedUntilAddress, recover: false);
        while (iterator.GetNext(out _, out _, out _, out var next))
            end = next;
        return end;
    }

    /// <summary>The end of the last entry enqueued so far: every commit started after this read covers it.</summary>
    private byte[] EndCookie() => BitConverter.GetBytes(Interlocked.Read(ref enqueuedEnd));

    private async Task CommitLoopAsync()
    {
        try
        {
            // One commit covers every entry enqueued before it started: concurrent appends share it (group commit).
            await foreach (var _ in commitRequests.Reader.ReadAllAsync(stopping.Token))
            {
                try
                {
                    await Log.CommitStronglyAsync(EndCookie(), token: stopping.Token);
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
            Log.CommitStrongly(out _, out _, spinWait: true, cookie: EndCookie());
        }
        catch (CommitFailureException e)
        {
            logger.LogError(e, "Final commit failed on {Partition}", Id);
        }

        Log.Dispose();
        commitManager.Dispose();
        device.Dispose();
        stopping.Dispose();
    }
}
