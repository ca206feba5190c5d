using System.CommandLine;
using System.Text;
using FitnessDriver.Cli.Dlq;
using FitnessDriver.Contracts;
using FitnessDriver.EventLog;
using FitnessDriver.EventLog.Embedded;
using FitnessDriver.EventLog.Kafka;
using FitnessDriver.Testing;
using FitnessDriver.Testing.Kafka;
using Microsoft.Extensions.Configuration;

namespace FitnessDriver.Cli.Tests;

/// <summary><c>fd dlq list</c> and <c>fd dlq replay</c> on librdkafka's mock cluster and on an embedded log.</summary>
public sealed class DlqCommandTests : IDisposable
{
    private const string Origin = Topics.TelemetrySamples;
    private static readonly string DeadLetterTopic = Topics.DeadLetter(Origin);
    private readonly TemporaryDirectory directory = new("fd-dlq");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replay_puts_each_dead_letter_back_on_its_topic_once()
    {
        using var cluster = new MockCluster(brokers: 1);
        cluster.CreateTopic(Origin, partitions: 4, replicationFactor: 1);
        cluster.CreateTopic(DeadLetterTopic, partitions: 4, replicationFactor: 1);
        var failed = Failures().ToList();
        await using (var log = Kafka(cluster))
        {
            foreach (var record in failed)
                await DeadLetters.SendAsync(log, "timeseries-samples", record, new InvalidDataException($"cannot decode {record.Key}"), Cancellation);
        }

        var (listed, listOutput) = await RunAsync(Configuration(), "dlq", "list", "--kafka", cluster.BootstrapServers, "--topic", DeadLetterTopic);
        Assert.Equal(0, listed);
        Assert.Contains("cannot decode athlete-b", listOutput, StringComparison.Ordinal);
        Assert.Contains("System.IO.InvalidDataException", listOutput, StringComparison.Ordinal);
        Assert.Contains($"{Origin}[1]@41", listOutput, StringComparison.Ordinal);
        Assert.Contains("5 record(s)", listOutput, StringComparison.Ordinal);

        var (replayed, replayOutput) = await RunAsync(Configuration(), "dlq", "replay", "--kafka", cluster.BootstrapServers, "--topic", DeadLetterTopic);
        Assert.True(replayed == 0, replayOutput);
        Assert.Contains($"Replayed 5 record(s) from {DeadLetterTopic} to {Origin}", replayOutput, StringComparison.Ordinal);

        await using (var log = Kafka(cluster))
            AssertReplayedOnce(failed, await ReadAsync(log, Origin));

        var (again, againOutput) = await RunAsync(Configuration(), "dlq", "replay", "--kafka", cluster.BootstrapServers, "--topic", DeadLetterTopic);
        Assert.True(again == 0, againOutput);
        Assert.Contains($"Nothing to replay: group {DlqCommand.DefaultGroup} is at the end", againOutput, StringComparison.Ordinal);
        await using (var log = Kafka(cluster))
            AssertReplayedOnce(failed, await ReadAsync(log, Origin));
    }

    [Fact]
    public async Task A_replay_after_new_failures_replays_only_those()
    {
        using var cluster = new MockCluster(brokers: 1);
        cluster.CreateTopic(Origin, partitions: 2, replicationFactor: 1);
        cluster.CreateTopic(DeadLetterTopic, partitions: 2, replicationFactor: 1);
        var failed = Failures().ToList();
        await using var log = Kafka(cluster);
        await DeadLetters.SendAsync(log, "gamification", failed[0], new InvalidDataException("first"), Cancellation);
        Assert.Equal(1, await new DeadLetterReplay(log, DeadLetterTopic, "ops").RunAsync(null, Cancellation));

        await DeadLetters.SendAsync(log, "gamification", failed[1], new InvalidDataException("second"), Cancellation);
        var progress = new List<ReplayProgress>();
        Assert.Equal(1, await new DeadLetterReplay(log, DeadLetterTopic, "ops").RunAsync(new Collect(progress), Cancellation));
        Assert.Equal(1.0, progress[^1].Fraction);
        // Another group has its own progress: it replays everything.
        Assert.Equal(2, await new DeadLetterReplay(log, DeadLetterTopic, "other").RunAsync(null, Cancellation));
        Assert.Equal(4, (await ReadAsync(log, Origin)).Count);
    }

    [Fact]
    public async Task Replay_works_on_a_stopped_hosts_embedded_log_and_not_while_it_runs()
    {
        var failed = Failures().ToList();
        await using (var log = Embedded())
        {
            foreach (var record in failed)
                await DeadLetters.SendAsync(log, "notifications", record, new FormatException("bad payload"), Cancellation);
        }

        await using (var running = new FileStream(Path.Combine(directory.Path, "host.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var (refused, refusal) = await RunAsync(Configuration(), "dlq", "replay", "--data-dir", directory.Path, "--topic", DeadLetterTopic);
            Assert.Equal(2, refused);
            Assert.Contains("stop it first", refusal, StringComparison.Ordinal);
        }

        var (listed, listOutput) = await RunAsync(Configuration(), "dlq", "list", "--data-dir", directory.Path, "--topic", DeadLetterTopic, "--limit", "2");
        Assert.Equal(0, listed);
        Assert.Contains("bad payload", listOutput, StringComparison.Ordinal);
        Assert.Contains("5 record(s)", listOutput, StringComparison.Ordinal);
        Assert.Contains("the first 2 shown", listOutput, StringComparison.Ordinal);

        var (replayed, output) = await RunAsync(Configuration(), "dlq", "replay", "--data-dir", directory.Path, "--topic", DeadLetterTopic);
        Assert.True(replayed == 0, output);
        var (again, _) = await RunAsync(Configuration(), "dlq", "replay", "--data-dir", directory.Path, "--topic", DeadLetterTopic);
        Assert.Equal(0, again);
        await using (var log = Embedded())
            AssertReplayedOnce(failed, await ReadAsync(log, Origin));
    }

    [Fact]
    public async Task Mistakes_are_refused_with_what_to_do()
    {
        var (both, bothOutput) = await RunAsync(Configuration(), "dlq", "list", "--kafka", "127.0.0.1:1", "--data-dir", directory.Path, "--topic", DeadLetterTopic);
        Assert.NotEqual(0, both);
        Assert.Contains("either --kafka", bothOutput, StringComparison.Ordinal);

        var (notDlq, notDlqOutput) = await RunAsync(Configuration(), "dlq", "replay", "--data-dir", directory.Path, "--topic", Origin);
        Assert.NotEqual(0, notDlq);
        Assert.Contains("<topic>.dlq", notDlqOutput, StringComparison.Ordinal);

        await using (Embedded())
        {
        }

        var (missing, missingOutput) = await RunAsync(Configuration(), "dlq", "list", "--data-dir", directory.Path, "--topic", "nothing.dlq");
        Assert.Equal(2, missing);
        Assert.Contains("has no topic nothing.dlq", missingOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory.Path, "log", "topics", "nothing.dlq")));

        // Nothing listens on port 1 of the loopback: the command gives up after the operation timeout and says why.
        var (unreachable, unreachableOutput) = await RunAsync(Configuration(operationTimeoutMs: 2000), "dlq", "replay", "--kafka", "127.0.0.1:1", "--topic", DeadLetterTopic);
        Assert.Equal(2, unreachable);
        Assert.Contains($"Kafka metadata for {Origin} unavailable", unreachableOutput, StringComparison.Ordinal);
    }

    public void Dispose() => directory.Dispose();

    /// <summary>Five records as a consumer read them when they failed; two share a key, so their order matters.</summary>
    private static IEnumerable<LogRecord> Failures()
    {
        string[] keys = ["athlete-a", "athlete-b", "athlete-a", "athlete-c", "athlete-d"];
        for (var i = 0; i < keys.Length; i++)
        {
            yield return new LogRecord(new TopicPartition(Origin, i % 4), 40 + i, 41 + i, keys[i], Encoding.UTF8.GetBytes($"payload {i}"),
                DateTimeOffset.UtcNow, new Dictionary<string, string> { ["trace"] = $"t{i}" });
        }
    }

    private static void AssertReplayedOnce(List<LogRecord> failed, List<LogRecord> origin)
    {
        Assert.Equal(failed.Count, origin.Count);
        Assert.Equal(failed.Select(Describe).Order(StringComparer.Ordinal), origin.Select(Describe).Order(StringComparer.Ordinal));
        // One key's records stay in the order they failed.
        Assert.Equal(["payload 0", "payload 2"], origin.Where(r => r.Key == "athlete-a").OrderBy(r => r.Offset).Select(r => Encoding.UTF8.GetString(r.Value.Span)));
    }

    private static string Describe(LogRecord record) =>
        $"{record.Key}|{Encoding.UTF8.GetString(record.Value.Span)}|{string.Join(',', record.Headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value}"))}";

    private static async Task<List<LogRecord>> ReadAsync(IEventLog log, string topic)
    {
        var records = new List<LogRecord>();
        await foreach (var letter in DeadLetterReader.ReadAsync(log, topic, TimeSpan.FromSeconds(30), Cancellation))
            records.Add(letter.Record);
        return records;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IConfiguration configuration, params string[] args)
    {
        var output = new StringWriter();
        var root = new RootCommand { DlqCommand.Create(configuration, PlainConsole.Create(output)) };
        var parsed = root.Parse(args);
        var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, Cancellation);
        TestContext.Current.TestOutputHelper?.WriteLine($"$ fd {string.Join(' ', args)}  → {exitCode}\n{output}");
        return (exitCode, output.ToString());
    }

    /// <summary>What the command reads from EventLog__Kafka__* variables: a short consumer session timeout, which the mock needs between a group's members.</summary>
    private static IConfiguration Configuration(int operationTimeoutMs = 10_000) => new ConfigurationBuilder().AddInMemoryCollection(
        MockCluster.ConsumerSettings.Select(s => KeyValuePair.Create<string, string?>($"EventLog:Kafka:ConsumerSettings:{s.Key}", s.Value))
            .Append(KeyValuePair.Create<string, string?>("EventLog:Kafka:OperationTimeoutMs", operationTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        .Build();

    private static KafkaEventLog Kafka(MockCluster cluster) => new(new KafkaEventLogOptions
    {
        BootstrapServers = cluster.BootstrapServers,
        ClientId = "dlq-tests",
        CreateTopics = false,
        ConsumerSettings = MockCluster.ConsumerSettings,
    });

    private EmbeddedEventLog Embedded()
    {
        var log = new EmbeddedEventLog(new EmbeddedEventLogOptions { Directory = Path.Combine(directory.Path, "log") });
        log.CreateTopics([Origin, DeadLetterTopic]);
        return log;
    }

    private sealed class Collect(List<ReplayProgress> reports) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => reports.Add(value);
    }
}
