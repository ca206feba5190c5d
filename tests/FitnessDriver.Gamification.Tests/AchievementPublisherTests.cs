using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.EventLog;
using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults.Privacy;
using FitnessDriver.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FitnessDriver.Gamification.Tests;

/// <summary>The outbox publisher against a real PostgreSQL, with a log that records the order of appends.</summary>
public sealed class AchievementPublisherTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task One_athletes_flood_goes_out_sixteen_at_a_time_and_holds_back_nobody_queued_after_it()
    {
        var connectionString = await postgres.CreateDatabaseAsync("publisher");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Gamification"] = connectionString,
            ["Privacy:SealEvents"] = "false",
        }).Build();
        await using var database = new GamificationDatabase(configuration, NullLogger<GamificationDatabase>.Instance);
        await database.WaitUntilMigratedAsync(TestContext.Current.CancellationToken);
        var flooding = Guid.NewGuid();
        var others = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        // The others' achievements are queued after all 2,000 of the flood.
        List<Achievement> queued = [.. Enumerable.Range(0, 2_000).Select(i => Badge(flooding, i)), .. others.Select(a => Badge(a, 0))];
        await using (var insert = database.DataSource.CreateCommand(
            "INSERT INTO gamification.outbox (athlete_id, achievement) SELECT a, j FROM unnest($1::uuid[], $2::jsonb[]) WITH ORDINALITY AS u(a, j, n) ORDER BY n"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = queued.Select(a => a.AthleteId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = queued.Select(a => Encoding.UTF8.GetString(AchievementCodec.Encode(a))).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb });
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var log = new RecordingLog();
        var publisher = new AchievementPublisher(database, log, new EventSealing(configuration, null!), null!, new WorkerHealth(),
            NullLogger<AchievementPublisher>.Instance);
        await publisher.PublishAllAsync(TestContext.Current.CancellationToken);

        var published = log.Appended.Select(m => AchievementCodec.Decode(m.Value.Span)).ToList();
        Assert.Equal(queued.Select(a => a.Id).Order(), published.Select(a => a.Id).Order());
        // The others went out with the first batch, beside the flood's first sixteen.
        Assert.All(others, other => Assert.InRange(published.FindIndex(a => a.AthleteId == other), 0, 16 + others.Count));
        Assert.Equal(queued.Where(a => a.AthleteId == flooding).Select(a => a.Id), published.Where(a => a.AthleteId == flooding).Select(a => a.Id));
        Assert.Equal(0L, await PostgresFixture.ScalarAsync<long>(connectionString, "SELECT count(*) FROM gamification.outbox"));
    }

    private static Achievement Badge(Guid athleteId, int i) => new(NameBasedGuid.Create(Guid.Empty, $"{athleteId}:{i}"), athleteId, AchievementTypes.Badge,
        1_800_000_000_000 + i, new JsonObject { ["badgeId"] = $"test-{i}", ["name"] = $"Test {i}" });

    private sealed class RecordingLog : IEventLog
    {
        private readonly ConcurrentQueue<EventMessage> appended = new();

        public IEnumerable<EventMessage> Appended => appended;

        public ValueTask<AppendResult> AppendAsync(string topic, EventMessage message, CancellationToken cancellationToken = default)
        {
            appended.Enqueue(message);
            return ValueTask.FromResult(new AppendResult(new TopicPartition(topic, 0), appended.Count));
        }

        public int GetPartitionCount(string topic) => 1;

        public ValueTask<IReadOnlyDictionary<TopicPartition, Watermarks>> GetWatermarksAsync(string topic, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public IEventConsumer Subscribe(ConsumerOptions options) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
