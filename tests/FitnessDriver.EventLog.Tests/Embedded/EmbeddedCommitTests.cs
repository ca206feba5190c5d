using System.Buffers.Binary;
using FASTER.core;
using FitnessDriver.EventLog.Embedded;
using FitnessDriver.Testing;

namespace FitnessDriver.EventLog.Tests.Embedded;

/// <summary>
/// Where a partition keeps its commits: two records written in turn. A record a crash cut short leaves the log at the
/// commit before it, and a partition whose commits are still in FASTER's one-file-per-commit folder opens with them.
/// </summary>
public sealed class EmbeddedCommitTests : IDisposable
{
    private const string Topic = "commit.test";
    private readonly TemporaryDirectory directory = new("fd-commits");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string PartitionDirectory => Path.Combine(directory.Path, "topics", Topic, "0");

    [Fact]
    public async Task A_commit_cut_short_by_a_crash_leaves_the_log_at_the_commit_before_it_and_later_commits_go_on_from_there()
    {
        await using (var log = Open())
            await AppendAsync(log, 0, 50);
        var committedFifty = CommitRecords().ToDictionary(f => f, File.ReadAllBytes);
        await using (var log = Open())
            await AppendAsync(log, 50, 10);
        var later = File.ReadAllBytes(CommitRecords()[0]);

        // A crash while the next commit was being written: the record kept beside the commit of fifty, cut short.
        var (kept, overwritten) = (committedFifty.MaxBy(f => CommitNumber(f.Value)), committedFifty.MinBy(f => CommitNumber(f.Value)));
        File.WriteAllBytes(kept.Key, kept.Value);
        File.WriteAllBytes(overwritten.Key, later[..20]);
        await using (var log = Open())
        {
            Assert.Equal(Enumerable.Range(0, 50), await ReadAllAsync(log));
            await AppendAsync(log, 100, 10);
        }

        await using (var reopened = Open())
            Assert.Equal(Enumerable.Range(0, 50).Concat(Enumerable.Range(100, 10)), await ReadAllAsync(reopened));
    }

    [Fact]
    public async Task A_partition_with_one_file_per_commit_opens_with_its_records_and_keeps_its_commits_in_the_two_records()
    {
        var options = Options();
        var former = Path.Combine(PartitionDirectory, "commits");
        using (var device = FASTER.core.Devices.CreateLogDevice(Path.Combine(PartitionDirectory, "segment"), preallocateFile: false))
        using (var fasterLog = new FasterLog(new FasterLogSettings
        {
            LogDevice = device,
            LogCommitDir = former,
            PageSizeBits = options.PageSizeBits,
            MemorySizeBits = options.MemorySizeBits,
            SegmentSizeBits = options.SegmentSizeBits,
            LogChecksum = LogChecksumType.PerEntry,
        }))
        {
            for (var i = 0; i < 30; i++)
                fasterLog.Enqueue(RecordFraming.Encode(Message(i), DateTimeOffset.UtcNow));
            await fasterLog.CommitAsync(Cancellation);
        }

        Assert.NotEmpty(Directory.GetFiles(former, "*", SearchOption.AllDirectories));

        await using (var log = Open())
        {
            Assert.Equal(Enumerable.Range(0, 30), await ReadAllAsync(log));
            Assert.False(Directory.Exists(former), "the former commit folder is gone once its commit is taken over");
            await AppendAsync(log, 30, 5);
        }

        await using (var reopened = Open())
            Assert.Equal(Enumerable.Range(0, 35), await ReadAllAsync(reopened));
    }

    private EmbeddedEventLogOptions Options() => new()
    {
        Directory = directory.Path,
        DefaultPartitions = 1,
        PageSizeBits = 12,
        MemorySizeBits = 14,
        SegmentSizeBits = 16,
        MinThreadPoolThreads = 0,
    };

    private EmbeddedEventLog Open() => new(Options());

    private static async Task AppendAsync(EmbeddedEventLog log, int first, int count)
    {
        for (var i = first; i < first + count; i++)
            await log.AppendAsync(Topic, Message(i), Cancellation);
    }

    private static async Task<List<int>> ReadAllAsync(EmbeddedEventLog log)
    {
        var end = (await log.GetWatermarksAsync(Topic, Cancellation))[new TopicPartition(Topic, 0)].High;
        await using var reader = log.Subscribe(new ConsumerOptions(null, [Topic]));
        var records = new List<LogRecord>();
        while (records.Count == 0 || records[^1].NextOffset < end)
        {
            var batch = await reader.ConsumeAsync(1000, TimeSpan.FromSeconds(30), Cancellation);
            Assert.NotEmpty(batch);
            records.AddRange(batch);
        }

        return [.. records.Select(r => BitConverter.ToInt32(r.Value.Span))];
    }

    /// <summary>The two commit record files, the one with the higher commit number first.</summary>
    private string[] CommitRecords()
    {
        var files = Directory.GetFiles(Path.Combine(PartitionDirectory, "commit")).OrderByDescending(f => CommitNumber(File.ReadAllBytes(f))).ToArray();
        Assert.Equal(2, files.Length);
        return files;
    }

    private static long CommitNumber(byte[] record) => record.Length < 8 ? 0 : BinaryPrimitives.ReadInt64LittleEndian(record);

    private static EventMessage Message(int sequence) => new("athlete", BitConverter.GetBytes(sequence));

    public void Dispose() => directory.Dispose();
}
