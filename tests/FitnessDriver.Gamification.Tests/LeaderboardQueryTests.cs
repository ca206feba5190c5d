using FitnessDriver.Gamification.Challenges;
using FitnessDriver.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FitnessDriver.Gamification.Tests;

/// <summary>
/// The leaderboard page, read from the index from the caller's place, against the plain definition (window functions
/// over every participant), on a challenge with many ties among those still going and among those who finished.
/// </summary>
public sealed class LeaderboardQueryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string Reference = """
        WITH ranked AS (
            SELECT athlete_id, amount, finished_at,
                   rank() OVER (ORDER BY finished_at ASC NULLS LAST, amount DESC)::int AS rank,
                   row_number() OVER (ORDER BY finished_at ASC NULLS LAST, amount DESC, athlete_id) AS position
            FROM gamification.challenge_participants WHERE challenge_id = $1
        ), anchor AS (
            SELECT coalesce((SELECT position FROM ranked WHERE athlete_id = $3), 1) AS position
        )
        SELECT r.rank, r.athlete_id, r.amount FROM ranked r, anchor a
        WHERE r.position >= greatest(1, a.position - ($2 / 2)) AND r.position < greatest(1, a.position - ($2 / 2)) + $2
        ORDER BY r.position
        """;

    [Fact]
    public async Task Every_page_has_the_ranks_and_order_of_ranking_everyone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var connectionString = await postgres.CreateDatabaseAsync("leaderboard");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Gamification"] = connectionString }).Build();
        await using var database = new GamificationDatabase(configuration, NullLogger<GamificationDatabase>.Instance);
        await database.WaitUntilMigratedAsync(cancellationToken);
        var queries = new ChallengeQueries(database);
        var now = DateTimeOffset.UtcNow;
        var challenge = await queries.CreateAsync("Ties", Contracts.Sport.Run, ChallengeMetric.Distance, 1000, now, now.AddDays(1), Guid.NewGuid(), teams: false, cancellationToken);
        var random = new Random(7);
        var athletes = Enumerable.Range(0, 1_500).Select(_ => Guid.NewGuid()).ToList();
        // A tenth finished, at one of five times; the others at one of 20 distances.
        var finished = athletes.Select(_ => random.Next(10) == 0 ? now.AddMinutes(random.Next(5)).UtcDateTime : (DateTime?)null).ToArray();
        await using (var insert = PostgresCommandsFor(database, """
            INSERT INTO gamification.challenge_participants (challenge_id, athlete_id, joined_at, amount, finished_at)
            SELECT $1, a, now(), d, f FROM unnest($2::uuid[], $3::float8[], $4::timestamptz[]) AS u(a, d, f)
            """, challenge, athletes.ToArray(), athletes.Select((_, i) => finished[i] is null ? random.Next(20) * 50.0 : 1000.0).ToArray(), finished))
            await insert.ExecuteNonQueryAsync(cancellationToken);

        Guid?[] callers = [null, Guid.NewGuid(), .. athletes.Where((_, i) => i % 15 == 0).Select(a => (Guid?)a)];
        foreach (var limit in new[] { 1, 7, 50, 500 })
        {
            foreach (var caller in callers)
            {
                var page = await queries.LeaderboardAsync(challenge, ChallengeMetric.Distance, limit, caller, cancellationToken);
                var expected = new List<(int, Guid, double)>();
                await using var reference = PostgresCommandsFor(database, Reference, challenge, (long)limit,
                    new NpgsqlParameter { Value = (object?)caller ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
                await using var reader = await reference.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    expected.Add((reader.GetInt32(0), reader.GetGuid(1), Math.Round(reader.GetDouble(2), 1)));
                Assert.Equal(expected, page.Select(e => (e.Rank, e.AthleteId, e.Value)));
            }
        }
    }

    private static NpgsqlCommand PostgresCommandsFor(GamificationDatabase database, string sql, params object[] values) =>
        Postgres.PostgresCommands.Create(database.DataSource, sql, values);
}
