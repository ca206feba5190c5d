using System.Diagnostics;
using System.Globalization;
using System.Text;
using FitnessDriver.Contracts;

namespace FitnessDriver.EventLog.Tests.Contract;

/// <summary>
/// What every event log guarantees, whatever it runs on. Each implementation derives from this class and says how to
/// prepare topics and open a log; every test here then runs against it.
/// </summary>
public abstract class EventLogContract : IAsyncLifetime
{
    /// <summary>Partitions of the topics under test.</summary>
    protected const int PartitionCount = 4;

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly List<IAsyncDisposable> resources = [];
    private bool prepared;

    /// <summary>A topic of this test only, so tests never see each other's messages (a real broker keeps them).</summary>
    protected string Topic { get; } = $"contract.{Guid.NewGuid():N}";

    /// <summary>A consumer group of this test only.</summary>
    protected string Group { get; } = $"contract-{Guid.NewGuid():N}";

    /// <summary>Creates the topics with <see cref="PartitionCount"/> partitions.</summary>
    protected abstract ValueTask PrepareAsync(IReadOnlyList<string> topics);

    /// <summary>Opens the log as a new process would: same storage or cluster, new clients.</summary>
    protected abstract ValueTask<IEventLog> OpenLogAsync();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Messages_of_one_key_are_read_in_append_order_from_one_partition()
    {
        var log = await OpenAsync();
        var keys = Enumerable.Range(0, 8).Select(i => $"athlete-{i}").ToList();
        const int perKey = 25;
        await Task.WhenAll(keys.Select(async key =>
        {
            for (var sequence = 0; sequence < perKey; sequence++)
                await log.AppendAsync(Topic, Message(key, sequence), Cancellation);
        }));

        var records = await ReadAsync(Track(log.Subscribe(new ConsumerOptions(null, [Topic]))), keys.Count * perKey, "every message");

        Assert.Equal(keys.Count * perKey, records.Count);
        foreach (var key in keys)
        {
            var ofKey = records.Where(r => r.Key == key).ToList();
            Assert.Equal(Enumerable.Range(0, perKey), ofKey.Select(Sequence));
            Assert.Single(ofKey.Select(r => r.Partition).Distinct());
            Assert.True(ofKey.Zip(ofKey.Skip(1)).All(pair => pair.First.Offset < pair.Second.Offset), $"offsets of {key} increase");
        }
    }

    [Fact]
    public async Task Acknowledged_appends_are_all_there_after_reopening()
    {
        var log = await OpenAsync();
        var acknowledged = new Dictionary<(TopicPartition, long), string>();
        for (var i = 0; i < 100; i++)
        {
            var message = Message($"athlete-{i % 7}", i);
            var result = await log.AppendAsync(Topic, message, Cancellation);
            acknowledged[(result.Partition, result.Offset)] = Encoding.UTF8.GetString(message.Value.Span);
        }

        await CloseAsync(log);
        var reopened = await OpenAsync();
        var records = await ReadAsync(Track(reopened.Subscribe(new ConsumerOptions(null, [Topic]))), acknowledged.Count, "acknowledged messages after reopening");

        Assert.Equal(acknowledged, records.ToDictionary(r => (r.Partition, r.Offset), r => Encoding.UTF8.GetString(r.Value.Span)));
        var watermarks = await reopened.GetWatermarksAsync(Topic, Cancellation);
        foreach (var partition in records.GroupBy(r => r.Partition))
            Assert.Equal(partition.Max(r => r.NextOffset), watermarks[partition.Key].High);
    }

    [Fact]
    public async Task A_group_resumes_from_its_committed_positions()
    {
        var log = await OpenAsync();
        await AppendManyAsync(log, 40);
        var first = Track(log.Subscribe(new ConsumerOptions(Group, [Topic])));
        var read = await ReadAsync(first, 40, "the first member's records");
        var committed = read.GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.ElementAt(g.Count() / 2).NextOffset);

        await first.CommitAsync(committed, Cancellation);
        Assert.Equal(committed, await first.GetCommittedAsync(committed.Keys, Cancellation));
        await CloseAsync(first);
        await AppendManyAsync(log, 8, from: 40);

        var second = Track(log.Subscribe(new ConsumerOptions(Group, [Topic])));
        var expected = read.Where(r => r.Offset >= committed[r.Partition]).Count() + 8;
        var resumed = await ReadAsync(second, expected, "records after the committed positions");

        Assert.Equal(expected, resumed.Count);
        // Offsets need not be contiguous (the embedded log's commit records, Kafka's transaction markers take some):
        // a group resumes at the first record at or after its committed position.
        foreach (var (partition, position) in committed)
        {
            var resumedAt = resumed.Where(r => r.Partition == partition).Min(r => r.Offset);
            var firstReadAfter = read.Where(r => r.Partition == partition && r.Offset >= position).Select(r => (long?)r.Offset).Min();
            Assert.Equal(firstReadAfter ?? resumedAt, resumedAt);
            Assert.True(resumedAt >= position, $"{partition} resumed at {resumedAt}, before its committed position {position}");
        }
        Assert.Equal(read.Where(r => r.Offset >= committed[r.Partition]).Select(Identity).Concat(Enumerable.Range(40, 8).Select(Label)).Order(),
            resumed.Select(Identity).Order());
    }

    [Fact]
    public async Task Records_a_crashed_member_did_not_commit_are_delivered_to_another_member()
    {
        var log = await OpenAsync();
        var crashing = Track(log.Subscribe(new ConsumerOptions(Group, [Topic])));
        var survivor = Track(log.Subscribe(new ConsumerOptions(Group, [Topic])));
        await UntilAsync(async () =>
        {
            await crashing.ConsumeAsync(100, TimeSpan.FromMilliseconds(50), Cancellation);
            await survivor.ConsumeAsync(100, TimeSpan.FromMilliseconds(50), Cancellation);
            return crashing.Assignment.Count > 0 && survivor.Assignment.Count > 0
                && crashing.Assignment.Count + survivor.Assignment.Count == PartitionCount;
        }, "both members to share the partitions");

        await AppendManyAsync(log, 40);
        var readByCrashing = new List<LogRecord>();
        var readBySurvivor = new List<LogRecord>();
        await UntilAsync(async () =>
        {
            readByCrashing.AddRange(await crashing.ConsumeAsync(100, TimeSpan.FromMilliseconds(50), Cancellation));
            readBySurvivor.AddRange(await survivor.ConsumeAsync(100, TimeSpan.FromMilliseconds(50), Cancellation));
            return readByCrashing.Count + readBySurvivor.Count >= 40;
        }, "the members to read every record");
        Assert.NotEmpty(readByCrashing);
        var committedByCrashing = readByCrashing.GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.ElementAt(g.Count() / 2).NextOffset);
        await crashing.CommitAsync(committedByCrashing, Cancellation);
        await survivor.CommitAsync(readBySurvivor.GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.Max(r => r.NextOffset)), Cancellation);

        await CloseAsync(crashing);

        var uncommitted = readByCrashing.Where(r => r.Offset >= committedByCrashing[r.Partition]).ToList();
        var redelivered = await ReadAsync(survivor, uncommitted.Count, "the crashed member's uncommitted records");
        Assert.Equal(uncommitted.Select(Identity).Order(), redelivered.Select(Identity).Order());
        Assert.Equal(PartitionCount, survivor.Assignment.Count);
    }

    [Fact]
    public async Task A_member_is_told_which_partitions_it_gives_up_before_another_member_reads_them()
    {
        var log = await OpenAsync();
        var revoked = new List<TopicPartition>();
        var first = Track(log.Subscribe(new ConsumerOptions(Group, [Topic])
        {
            OnRevoked = (partitions, _) =>
            {
                lock (revoked)
                    revoked.AddRange(partitions);
                return ValueTask.CompletedTask;
            },
        }));
        await UntilAsync(async () =>
        {
            await first.ConsumeAsync(100, TimeSpan.FromMilliseconds(50), Cancellation);
            return first.Assignment.Count == PartitionCount;
        }, "the first member to own every partition");

        var second = Track(log.Subscribe(new ConsumerOptions(Group, [Topic])));
        await UntilAsync(async () =>
        {
            await first.ConsumeAsync(100, TimeSpan.FromMilliseconds(50), Cancellation);
            await second.ConsumeAsync(100, TimeSpan.FromMilliseconds(50), Cancellation);
            return second.Assignment.Count > 0 && first.Assignment.Count + second.Assignment.Count == PartitionCount;
        }, "the newcomer to get a share");

        lock (revoked)
        {
            Assert.Subset(revoked.ToHashSet(), second.Assignment.ToHashSet());
            Assert.Empty(first.Assignment.Intersect(second.Assignment));
        }
    }

    [Fact]
    public async Task Partitions_start_where_OnAssigned_says()
    {
        var log = await OpenAsync();
        await AppendManyAsync(log, 40);
        var all = await ReadAsync(Track(log.Subscribe(new ConsumerOptions(null, [Topic]))), 40, "every record");
        var starts = all.GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.ElementAt(Math.Min(2, g.Count() - 1)).Offset);

        var consumer = Track(log.Subscribe(new ConsumerOptions(Group, [Topic])
        {
            OnAssigned = (partitions, _) => ValueTask.FromResult<IReadOnlyDictionary<TopicPartition, long>>(
                partitions.Where(starts.ContainsKey).ToDictionary(p => p, p => starts[p])),
        }));
        var expected = all.Where(r => r.Offset >= starts[r.Partition]).ToList();
        var read = await ReadAsync(consumer, expected.Count, "records from the given start positions");

        Assert.Equal(expected.Select(Identity).Order(), read.Select(Identity).Order());
    }

    [Fact]
    public async Task An_OnAssigned_slower_than_maxWait_delays_the_call_but_never_fails_it()
    {
        var log = await OpenAsync();
        await AppendManyAsync(log, 20);
        const int maxWaitMs = 50;
        var consumer = Track(log.Subscribe(new ConsumerOptions(Group, [Topic])
        {
            // Loading start positions from a busy database can take longer than a consumer waits for records.
            OnAssigned = async (_, cancellationToken) =>
            {
                await Task.Delay(maxWaitMs * 4, cancellationToken);
                return new Dictionary<TopicPartition, long>();
            },
        }));

        var read = new List<LogRecord>();
        await UntilAsync(async () =>
        {
            read.AddRange(await consumer.ConsumeAsync(100, TimeSpan.FromMilliseconds(maxWaitMs), Cancellation));
            return read.Count >= 20;
        }, "every record through a slow OnAssigned");

        Assert.Equal(Enumerable.Range(0, 20).Select(Label).Order(), read.Select(Identity).Order());
    }

    [Fact]
    public async Task A_failing_OnAssigned_surfaces_from_ConsumeAsync_and_is_asked_again()
    {
        var log = await OpenAsync();
        var failNext = false;
        var failures = 0;
        var first = Track(log.Subscribe(new ConsumerOptions(Group, [Topic])
        {
            OnAssigned = (_, _) =>
            {
                if (failNext)
                {
                    failNext = false;
                    throw new TimeoutException("positions store unavailable");
                }

                return ValueTask.FromResult<IReadOnlyDictionary<TopicPartition, long>>(new Dictionary<TopicPartition, long>());
            },
        }));
        await UntilAsync(async () =>
        {
            await first.ConsumeAsync(100, TimeSpan.FromMilliseconds(50), Cancellation);
            return first.Assignment.Count == PartitionCount;
        }, "the first member to own every partition");
        var second = Track(log.Subscribe(new ConsumerOptions(Group, [Topic])));
        await UntilAsync(async () =>
        {
            await first.ConsumeAsync(100, TimeSpan.FromMilliseconds(50), Cancellation);
            await second.ConsumeAsync(100, TimeSpan.FromMilliseconds(50), Cancellation);
            return second.Assignment.Count > 0 && first.Assignment.Count + second.Assignment.Count == PartitionCount;
        }, "the second member to get a share");

        // The partitions coming back to the first member need positions it cannot load at first.
        failNext = true;
        await CloseAsync(second);
        await AppendManyAsync(log, 40);
        var read = new List<LogRecord>();
        await UntilAsync(async () =>
        {
            try
            {
                read.AddRange(await first.ConsumeAsync(100, TimeSpan.FromMilliseconds(100), Cancellation));
            }
            catch (TimeoutException)
            {
                failures++;
            }

            return read.Count >= 40;
        }, "every record, including those of the partitions taken back");

        Assert.Equal(1, failures);
        Assert.Equal(Enumerable.Range(0, 40).Select(Label).Order(), read.Select(Identity).Order());
    }

    [Fact]
    public async Task A_record_that_cannot_be_processed_lands_in_the_dead_letter_topic_with_reason_and_origin()
    {
        var log = await OpenAsync();
        var headers = new Dictionary<string, string> { ["trace-id"] = "4bf92f3577b34da6" };
        await log.AppendAsync(Topic, new EventMessage("athlete-1", "not a sample batch"u8.ToArray(), headers), Cancellation);
        var consumer = Track(log.Subscribe(new ConsumerOptions(Group, [Topic])));
        var poison = Assert.Single(await ReadAsync(consumer, 1, "the poison record"));

        await DeadLetters.SendAsync(log, Group, poison, new InvalidDataException("bad magic byte"), Cancellation);

        var reader = Track(log.Subscribe(new ConsumerOptions(null, [Topics.DeadLetter(Topic)])));
        var dead = Assert.Single(await ReadAsync(reader, 1, "the dead letter"));
        Assert.Equal(Topics.DeadLetter(Topic), dead.Topic);
        Assert.Equal("athlete-1", dead.Key);
        Assert.Equal("not a sample batch"u8.ToArray(), dead.Value.ToArray());
        Assert.Equal("bad magic byte", dead.Headers[DeadLetters.Headers.Error]);
        Assert.Equal(typeof(InvalidDataException).FullName, dead.Headers[DeadLetters.Headers.ErrorType]);
        Assert.Equal(Group, dead.Headers[DeadLetters.Headers.Group]);
        Assert.Equal(Topic, dead.Headers[DeadLetters.Headers.OriginTopic]);
        Assert.Equal(poison.Partition.Partition.ToString(CultureInfo.InvariantCulture), dead.Headers[DeadLetters.Headers.OriginPartition]);
        Assert.Equal(poison.Offset.ToString(CultureInfo.InvariantCulture), dead.Headers[DeadLetters.Headers.OriginOffset]);
        Assert.Equal("4bf92f3577b34da6", dead.Headers["trace-id"]);
    }

    [Fact]
    public async Task A_reader_without_a_group_sees_every_partition_from_the_start_and_commits_nothing()
    {
        var log = await OpenAsync();
        await AppendManyAsync(log, 20);
        var member = Track(log.Subscribe(new ConsumerOptions(Group, [Topic])));
        var read = await ReadAsync(member, 20, "the group's records");
        await member.CommitAsync(read.GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.Max(r => r.NextOffset)), Cancellation);

        var reader = Track(log.Subscribe(new ConsumerOptions(null, [Topic])));
        var everything = await ReadAsync(reader, 20, "every record from the start");

        Assert.Equal(Enumerable.Range(0, 20).Select(Label).Order(), everything.Select(Identity).Order());
        Assert.Equal(PartitionCount, reader.Assignment.Count);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await reader.CommitAsync(new Dictionary<TopicPartition, long> { [everything[0].Partition] = everything[0].NextOffset }, Cancellation));
        Assert.Empty(await reader.GetCommittedAsync(reader.Assignment, Cancellation));
    }

    [Fact]
    public async Task Watermarks_move_with_each_append_on_its_partition_only()
    {
        var log = await OpenAsync();
        var before = await log.GetWatermarksAsync(Topic, Cancellation);
        Assert.Equal(PartitionCount, before.Count);
        Assert.All(before.Values, w => Assert.True(w.IsCaughtUp(null), "an empty partition has nothing to read"));

        var appended = await log.AppendAsync(Topic, Message("athlete-1", 0), Cancellation);
        var after = await log.GetWatermarksAsync(Topic, Cancellation);

        Assert.True(after[appended.Partition].High > before[appended.Partition].High);
        Assert.Equal(before[appended.Partition].Low, after[appended.Partition].Low);
        Assert.All(before.Where(b => b.Key != appended.Partition), b => Assert.Equal(b.Value, after[b.Key]));
        var record = Assert.Single(await ReadAsync(Track(log.Subscribe(new ConsumerOptions(null, [Topic]))), 1, "the appended record"));
        Assert.Equal(appended.Offset, record.Offset);
        Assert.Equal(after[appended.Partition].High, record.NextOffset);
        Assert.True(after[appended.Partition].IsCaughtUp(record.NextOffset));
        Assert.False(after[appended.Partition].IsCaughtUp(record.Offset));
    }

    [Fact]
    public async Task ConsumeAsync_returns_at_most_maxRecords_and_waits_at_most_maxWait()
    {
        var log = await OpenAsync();
        for (var i = 0; i < 10; i++)
            await log.AppendAsync(Topic, Message("athlete-1", i), Cancellation);
        var reader = Track(log.Subscribe(new ConsumerOptions(null, [Topic])));

        var batches = new List<IReadOnlyList<LogRecord>>();
        await UntilAsync(async () =>
        {
            batches.Add(await reader.ConsumeAsync(3, TimeSpan.FromMilliseconds(200), Cancellation));
            return batches.Sum(b => b.Count) >= 10;
        }, "ten records in batches of three");
        Assert.All(batches, b => Assert.InRange(b.Count, 0, 3));
        Assert.Equal(Enumerable.Range(0, 10), batches.SelectMany(b => b).Select(Sequence));

        var waited = Stopwatch.StartNew();
        var nothing = await reader.ConsumeAsync(10, TimeSpan.FromMilliseconds(400), Cancellation);
        waited.Stop();
        Assert.Empty(nothing);
        Assert.InRange(waited.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(3));
    }

    /// <summary>Prepares the topics on first use, then opens a log disposed with the test.</summary>
    protected async Task<IEventLog> OpenAsync()
    {
        if (!prepared)
        {
            await PrepareAsync([Topic, Topics.DeadLetter(Topic)]);
            prepared = true;
        }

        return Track(await OpenLogAsync());
    }

    /// <summary>Disposes a log (or consumer) now rather than at the end of the test.</summary>
    protected async Task CloseAsync(IAsyncDisposable resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        resources.Remove(resource);
        await resource.DisposeAsync();
    }

    /// <summary>Disposes <paramref name="resource"/> with the test.</summary>
    protected T Track<T>(T resource)
        where T : IAsyncDisposable
    {
        resources.Add(resource);
        return resource;
    }

    /// <summary>Reads until <paramref name="count"/> records arrived, then a little longer to catch any extra (duplicate) one.</summary>
    protected static async Task<List<LogRecord>> ReadAsync(IEventConsumer consumer, int count, string what)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var records = new List<LogRecord>();
        var deadline = Stopwatch.StartNew();
        while (records.Count < count)
        {
            if (deadline.Elapsed > WaitLimit)
                Assert.Fail($"Timed out waiting for {what}: {records.Count} of {count} arrived.");
            records.AddRange(await consumer.ConsumeAsync(1000, TimeSpan.FromMilliseconds(200), Cancellation));
        }

        records.AddRange(await consumer.ConsumeAsync(1000, TimeSpan.FromMilliseconds(300), Cancellation));
        return records;
    }

    /// <summary>Repeats <paramref name="step"/> until it returns true.</summary>
    protected static async Task UntilAsync(Func<Task<bool>> step, string what)
    {
        ArgumentNullException.ThrowIfNull(step);
        var deadline = Stopwatch.StartNew();
        while (!await step())
        {
            if (deadline.Elapsed > WaitLimit)
                Assert.Fail($"Timed out waiting for {what}.");
        }
    }

    /// <summary>Appends messages labelled from..from+count-1, spread over ten keys.</summary>
    protected async Task AppendManyAsync(IEventLog log, int count, int from = 0)
    {
        ArgumentNullException.ThrowIfNull(log);
        for (var i = from; i < from + count; i++)
            await log.AppendAsync(Topic, Message($"athlete-{i % 10}", i), Cancellation);
    }

    /// <summary>A message whose value names its key and sequence number.</summary>
    protected static EventMessage Message(string key, int sequence) =>
        new(key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{key}#{sequence}")));

    /// <summary>The label of the message with sequence <paramref name="sequence"/> appended by <see cref="AppendManyAsync"/>.</summary>
    protected static string Label(int sequence) => string.Create(CultureInfo.InvariantCulture, $"athlete-{sequence % 10}#{sequence}");

    /// <summary>The key#sequence label of a record.</summary>
    protected static string Identity(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Encoding.UTF8.GetString(record.Value.Span);
    }

    /// <summary>The sequence number in a record's value.</summary>
    protected static int Sequence(LogRecord record) => int.Parse(Identity(record).Split('#')[1], CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        // Consumers before the logs they came from.
        for (var i = resources.Count - 1; i >= 0; i--)
            await resources[i].DisposeAsync();
        resources.Clear();
        GC.SuppressFinalize(this);
    }
}
