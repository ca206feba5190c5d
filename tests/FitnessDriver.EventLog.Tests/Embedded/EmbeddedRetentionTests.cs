using FitnessDriver.EventLog.Embedded;
using FitnessDriver.Testing;

namespace FitnessDriver.EventLog.Tests.Embedded;

/// <summary>
/// Retention of the embedded log: only records that every consumer group has committed past and that are older than
/// the retention go, with the segment files that held them; the rest stays readable, also after reopening.
/// </summary>
public sealed class EmbeddedRetentionTests : IAsyncLifetime
{
    private const string Topic = "retention.test";
    private const int SegmentSizeBits = 14;
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private readonly TemporaryDirectory directory = new("fd-retention");
    private readonly ManualClock clock = new();
    private EmbeddedEventLog log = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string PartitionDirectory => Path.Combine(directory.Path, "topics", Topic, "0");

    public ValueTask InitializeAsync()
    {
        log = Open();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Old_records_every_group_committed_past_are_truncated_and_their_segments_deleted()
    {
        var offsets = await AppendAsync(200);
        var end = await EndAsync();
        await CommitAsync("first", end);
        await CommitAsync("second", end);
        var segmentsBefore = SegmentFiles();
        var bytesBefore = segmentsBefore.Sum(f => new FileInfo(f).Length);
        clock.Advance(Retention + TimeSpan.FromMinutes(1));

        var outcome = await log.ApplyRetentionAsync(Cancellation);

        Assert.Equal(end - offsets[0], outcome.BytesTruncated);
        Assert.True(outcome.SegmentsReleased >= 5, $"{outcome.SegmentsReleased} segments released");
        Assert.Equal(end, (await WatermarksAsync()).Low);
        // FasterLog deletes the files in the background once the truncation is committed.
        await Eventually.TrueAsync(() => Task.FromResult(SegmentFiles().Length == segmentsBefore.Length - outcome.SegmentsReleased),
            TimeSpan.FromSeconds(30), "the released segment files to be deleted");
        var segmentsAfter = SegmentFiles();
        Assert.True(segmentsAfter.Sum(f => new FileInfo(f).Length) < bytesBefore / 4, "disk space was released");
        Assert.DoesNotContain(Path.Combine(PartitionDirectory, "segment.0"), segmentsAfter);
    }

    [Fact]
    public async Task A_group_behind_holds_the_log_back_at_its_position()
    {
        var offsets = await AppendAsync(200);
        await CommitAsync("ahead", await EndAsync());
        await CommitAsync("behind", offsets[120]);
        clock.Advance(Retention * 2);

        await log.ApplyRetentionAsync(Cancellation);

        Assert.Equal(offsets[120], (await WatermarksAsync()).Low);
        Assert.Equal(Enumerable.Range(120, 80), Sequences(await ReadAllAsync(log)));
    }

    [Fact]
    public async Task A_group_that_never_committed_holds_the_whole_log_back_also_after_reopening()
    {
        await AppendAsync(100);
        await CommitAsync("done", await EndAsync());
        await using (log.Subscribe(new ConsumerOptions("idle", [Topic])))
        {
        }

        await ReopenAsync();
        clock.Advance(Retention * 2);
        var outcome = await log.ApplyRetentionAsync(Cancellation);

        Assert.Equal(0, outcome.BytesTruncated);
        Assert.Equal(Enumerable.Range(0, 100), Sequences(await ReadAllAsync(log)));
    }

    [Fact]
    public async Task Records_younger_than_the_retention_stay()
    {
        await AppendAsync(100);
        clock.Advance(Retention);
        var young = await AppendAsync(50, firstSequence: 100);
        await CommitAsync("done", await EndAsync());
        clock.Advance(TimeSpan.FromMinutes(1));

        await log.ApplyRetentionAsync(Cancellation);

        Assert.Equal(young[0], (await WatermarksAsync()).Low);
        Assert.Equal(Enumerable.Range(100, 50), Sequences(await ReadAllAsync(log)));
    }

    [Fact]
    public async Task Topics_kept_whole_and_topics_no_group_reads_are_not_truncated()
    {
        const string unread = "retention.unread";
        await log.DisposeAsync();
        log = Open(keepWhole: Topic);
        await AppendAsync(50);
        await CommitAsync("done", await EndAsync());
        await log.AppendAsync(unread, Message(0), Cancellation);
        clock.Advance(Retention * 2);

        var outcome = await log.ApplyRetentionAsync(Cancellation);

        Assert.Equal(0, outcome.BytesTruncated);
        Assert.Equal(50, (await ReadAllAsync(log)).Count);
    }

    [Fact]
    public async Task After_truncation_the_log_reopens_with_its_positions_and_groups_resume()
    {
        var offsets = await AppendAsync(150);
        var end = await EndAsync();
        await CommitAsync("reader", offsets[100]);
        clock.Advance(Retention * 2);
        await log.ApplyRetentionAsync(Cancellation);

        await ReopenAsync();

        Assert.Equal(new Watermarks(offsets[100], end), await WatermarksAsync());
        await using var reader = log.Subscribe(new ConsumerOptions("reader", [Topic]));
        var resumed = await ReadToEndAsync(reader, end);
        Assert.Equal(Enumerable.Range(100, 50), Sequences(resumed));
        Assert.Equal(offsets[100], resumed[0].Offset);
        var appended = await log.AppendAsync(Topic, Message(150), Cancellation);
        Assert.True(appended.Offset >= end, $"a new record lands at {appended.Offset}, after the old end {end}");
    }

    private EmbeddedEventLog Open(string? keepWhole = null) => new(new EmbeddedEventLogOptions
    {
        Directory = directory.Path,
        DefaultPartitions = 1,
        PageSizeBits = 12,
        MemorySizeBits = 14,
        SegmentSizeBits = SegmentSizeBits,
        RetentionHours = Retention.TotalHours,
        KeepWhole = keepWhole is null ? [] : [keepWhole],
        MinThreadPoolThreads = 0,
    }, clock: clock);

    private async Task ReopenAsync()
    {
        await log.DisposeAsync();
        log = Open();
    }

    private async Task<List<long>> AppendAsync(int count, int firstSequence = 0)
    {
        var offsets = new List<long>();
        for (var i = 0; i < count; i++)
            offsets.Add((await log.AppendAsync(Topic, Message(firstSequence + i), Cancellation)).Offset);
        return offsets;
    }

    private async Task CommitAsync(string group, long position)
    {
        await using var consumer = log.Subscribe(new ConsumerOptions(group, [Topic]));
        await consumer.CommitAsync(new Dictionary<TopicPartition, long> { [new TopicPartition(Topic, 0)] = position }, Cancellation);
    }

    private async Task<Watermarks> WatermarksAsync() => (await log.GetWatermarksAsync(Topic, Cancellation))[new TopicPartition(Topic, 0)];

    private async Task<long> EndAsync() => (await WatermarksAsync()).High;

    private async Task<List<LogRecord>> ReadAllAsync(EmbeddedEventLog from)
    {
        await using var reader = from.Subscribe(new ConsumerOptions(null, [Topic]));
        return await ReadToEndAsync(reader, await EndAsync());
    }

    private static async Task<List<LogRecord>> ReadToEndAsync(IEventConsumer reader, long end)
    {
        var records = new List<LogRecord>();
        while (records.Count == 0 || records[^1].NextOffset < end)
        {
            var batch = await reader.ConsumeAsync(1000, TimeSpan.FromSeconds(30), Cancellation);
            Assert.NotEmpty(batch);
            records.AddRange(batch);
        }

        return records;
    }

    private string[] SegmentFiles() => Directory.GetFiles(PartitionDirectory, "segment.*");

    private static EventMessage Message(int sequence)
    {
        var value = new byte[1000];
        BitConverter.TryWriteBytes(value, sequence);
        return new EventMessage("athlete", value);
    }

    private static IEnumerable<int> Sequences(IEnumerable<LogRecord> records) => records.Select(r => BitConverter.ToInt32(r.Value.Span));

    public async ValueTask DisposeAsync()
    {
        await log.DisposeAsync();
        directory.Dispose();
    }
}
