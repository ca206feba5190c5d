using FitnessDriver.EventLog;
using FitnessDriver.EventLog.Embedded;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FitnessDriver.Postgres.Tests;

public sealed class EventSinkWorkerTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Topic = "probe.events";
    private readonly TemporaryDirectory directory = new("fd-sink");
    private EmbeddedEventLog log = null!;
    private ProbeDatabase database = null!;

    public async ValueTask InitializeAsync()
    {
        log = new EmbeddedEventLog(new EmbeddedEventLogOptions { Directory = directory.Path, DefaultPartitions = 2 });
        database = new ProbeDatabase(await postgres.CreateDatabaseAsync());
        await database.WaitUntilMigratedAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await log.DisposeAsync();
        await database.DisposeAsync();
        directory.Dispose();
    }

    [Fact]
    public async Task A_poison_record_goes_to_the_dead_letter_topic_and_the_rest_are_applied_once()
    {
        var sink = new ProbeSink(database) { Poison = "7" };
        for (var i = 0; i < 20; i++)
            await log.AppendAsync(Topic, new EventMessage($"key-{i % 3}", System.Text.Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        await RunUntilAsync(sink, async () => await CountAsync() == 19);

        Assert.Equal(19, await CountAsync());
        await using var dlq = log.Subscribe(new ConsumerOptions(null, [Topic + ".dlq"]));
        var dead = Assert.Single(await dlq.ConsumeAsync(10, TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken));
        Assert.Equal("7", System.Text.Encoding.UTF8.GetString(dead.Value.Span));
        Assert.Equal(Topic, dead.Headers[DeadLetters.Headers.OriginTopic]);
        Assert.Contains("poison", dead.Headers[DeadLetters.Headers.Error], StringComparison.Ordinal);

        // A restart resumes after everything, the poison record included.
        await RunUntilAsync(new ProbeSink(database), () => Task.FromResult(true));
        Assert.Equal(19, await CountAsync());
    }

    [Fact]
    public async Task Transient_database_errors_are_retried_without_skipping_anything()
    {
        var sink = new ProbeSink(database) { TransientFailures = 3 };
        for (var i = 0; i < 10; i++)
            await log.AppendAsync(Topic, new EventMessage("key", System.Text.Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        await RunUntilAsync(sink, async () => await CountAsync() == 10);
        Assert.Equal(0, sink.TransientFailures);
    }

    [Fact]
    public async Task A_sink_with_a_linger_applies_what_arrives_within_it_in_one_batch()
    {
        var sink = new ProbeSink(database) { Linger = TimeSpan.FromSeconds(5) };
        using var worker = new EventSinkWorker<string>(sink, log, new FitnessDriver.Hosting.WorkerHealth(), NullLogger<EventSinkWorker<string>>.Instance);
        await worker.StartAsync(CancellationToken.None);
        for (var i = 0; i < 6; i++)
        {
            await log.AppendAsync(Topic, new EventMessage("key", System.Text.Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await Eventually.TrueAsync(async () => await CountAsync() == 6, TimeSpan.FromSeconds(30), "the sink to apply the records");
        await worker.StopAsync(CancellationToken.None);
        Assert.Equal([6], sink.BatchSizes);
    }

    [Fact]
    public async Task A_lingering_batch_is_applied_once_the_log_has_gone_quiet()
    {
        // A linger far longer than the wait below: only the quiet period can end the batch in time.
        var sink = new ProbeSink(database) { Linger = TimeSpan.FromMinutes(10), LingerQuiet = TimeSpan.FromMilliseconds(50) };
        using var worker = new EventSinkWorker<string>(sink, log, new FitnessDriver.Hosting.WorkerHealth(), NullLogger<EventSinkWorker<string>>.Instance);
        await worker.StartAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
            await log.AppendAsync(Topic, new EventMessage("key", System.Text.Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        await Eventually.TrueAsync(async () => await CountAsync() == 3, TimeSpan.FromMinutes(2), "the sink to apply the records before its linger ends");
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Members_registered_for_one_sink_split_its_partitions_and_apply_every_record_once()
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<IEventLog>(log).AddSingleton(database);
        services.AddEventSink<ProbeSink, string>(members: 2);
        await using var provider = services.BuildServiceProvider();
        var workers = provider.GetServices<IHostedService>().OfType<EventSinkWorker<string>>().ToList();
        Assert.Equal(["consumer probe 1/2", "consumer probe 2/2"], workers.Select(w => w.Name).Order(StringComparer.Ordinal));
        foreach (var worker in workers)
            await worker.StartAsync(CancellationToken.None);
        for (var i = 0; i < 40; i++)
            await log.AppendAsync(Topic, new EventMessage($"key-{i}", System.Text.Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        await Eventually.TrueAsync(async () => await CountAsync() >= 40, TimeSpan.FromSeconds(30), "the members to apply the records");
        foreach (var worker in workers)
            await worker.StopAsync(CancellationToken.None);
        Assert.Equal(40, await CountAsync());
        var positions = await ConsumerPositions.LoadAsync(database.DataSource, database.Schema, "probe", CancellationToken.None);
        Assert.Equal(2, positions.Count);
    }

    private async Task<long> CountAsync() => await PostgresFixture.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM probe.applied");

    private async Task RunUntilAsync(ProbeSink sink, Func<Task<bool>> done)
    {
        using var worker = new EventSinkWorker<string>(sink, log, new FitnessDriver.Hosting.WorkerHealth(), NullLogger<EventSinkWorker<string>>.Instance);
        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(done, TimeSpan.FromSeconds(30), "the sink to apply the records");
        await worker.StopAsync(CancellationToken.None);
    }

    private sealed class ProbeDatabase(string connectionString) : ServiceDatabase("probe", connectionString, typeof(ProbeDatabase).Assembly, NullLogger.Instance)
    {
        public string ConnectionString { get; } = connectionString;
    }

    private sealed class ProbeSink(ProbeDatabase database) : IEventSink<string>
    {
        public string? Poison { get; init; }

        public int TransientFailures { get; set; }

        public TimeSpan Linger { get; init; }

        public TimeSpan? LingerQuiet { get; init; }

        TimeSpan IEventSink<string>.LingerQuiet => LingerQuiet ?? Linger;

        public List<int> BatchSizes { get; } = [];

        public string Group => "probe";

        public IReadOnlyList<string> Topics { get; } = [Topic];

        public ServiceDatabase Database => database;

        public ValueTask<string?> DecodeAsync(LogRecord record, CancellationToken cancellationToken) =>
            ValueTask.FromResult<string?>(System.Text.Encoding.UTF8.GetString(record.Value.Span));

        public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<string>> batch, CancellationToken cancellationToken)
        {
            if (TransientFailures > 0)
            {
                TransientFailures--;
                throw new NpgsqlException("connection reset", new IOException("reset"));
            }

            if (batch.Any(b => b.Message == Poison))
                throw new InvalidOperationException("poison record");
            if (batch.Count > 0)
            {
                lock (BatchSizes)
                    BatchSizes.Add(batch.Count);
            }

            await using var command = new NpgsqlCommand("INSERT INTO probe.applied SELECT unnest($1::text[])", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(b => b.Message).ToArray() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
