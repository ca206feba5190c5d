using FitnessDriver.Postgres;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using Npgsql;

namespace FitnessDriver.Gamification.Challenges;

/// <summary>SQL behind the challenge endpoints.</summary>
public sealed class ChallengeQueries(GamificationDatabase database)
{
    private const string ViewSql = """
        SELECT c.challenge_id, c.name, c.sport, c.goal, c.starts_at, c.ends_at,
               (SELECT count(*) FROM gamification.challenge_participants a WHERE a.challenge_id = c.challenge_id),
               p.athlete_id IS NOT NULL, p.amount, p.finished_at, c.metric
        FROM gamification.challenges c
        LEFT JOIN gamification.challenge_participants p ON p.challenge_id = c.challenge_id AND p.athlete_id = $1
        """;

    public async Task<Guid> CreateAsync(string name, Sport sport, ChallengeMetric metric, double goal, DateTimeOffset startsAt, DateTimeOffset endsAt, Guid createdBy,
        CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var command = PostgresCommands.Create(database.DataSource, """
            INSERT INTO gamification.challenges (challenge_id, name, sport, metric, goal, starts_at, ends_at, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, id, name, sport.ToName(), metric.ToName(), goal, startsAt.UtcDateTime, endsAt.UtcDateTime, createdBy);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    public async Task<ChallengeView?> FindAsync(Guid challengeId, Guid athleteId, CancellationToken cancellationToken) =>
        (await ReadAsync(ViewSql + " WHERE c.challenge_id = $2", cancellationToken, athleteId, challengeId)).FirstOrDefault();

    public Task<List<ChallengeView>> ListAsync(Guid athleteId, CancellationToken cancellationToken) =>
        ReadAsync(ViewSql + " WHERE c.ends_at > now() OR p.athlete_id IS NOT NULL ORDER BY c.starts_at DESC, c.challenge_id LIMIT 100", cancellationToken, athleteId);

    public async Task JoinAsync(Guid challengeId, Guid athleteId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO gamification.challenge_participants (challenge_id, athlete_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = challengeId });
        command.Parameters.Add(new NpgsqlParameter { Value = athleteId });
        command.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Ranked entries: the top <paramref name="limit"/>, or <paramref name="limit"/> around <paramref name="around"/> when they joined.</summary>
    public async Task<List<LeaderboardEntry>> LeaderboardAsync(Guid challengeId, ChallengeMetric metric, int limit, Guid? around, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            WITH ranked AS (
                SELECT athlete_id, amount, finished_at,
                       rank() OVER (ORDER BY finished_at ASC NULLS LAST, amount DESC)::int AS rank,
                       row_number() OVER (ORDER BY finished_at ASC NULLS LAST, amount DESC, athlete_id) AS position
                FROM gamification.challenge_participants WHERE challenge_id = $1
            ), anchor AS (
                SELECT coalesce((SELECT position FROM ranked WHERE athlete_id = $3), 1) AS position
            )
            SELECT r.rank, r.athlete_id, r.amount, r.finished_at
            FROM ranked r, anchor a
            WHERE r.position >= greatest(1, a.position - ($2 / 2)) AND r.position < greatest(1, a.position - ($2 / 2)) + $2
            ORDER BY r.position
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = challengeId });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)limit });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)around ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        var entries = new List<LeaderboardEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var value = Math.Round(reader.GetDouble(2), 1);
            entries.Add(new LeaderboardEntry(reader.GetInt32(0), reader.GetGuid(1), null, value, metric == ChallengeMetric.Distance ? value : null,
                reader.IsDBNull(3) ? null : IsoTime.From(reader.GetDateTime(3))));
        }

        return entries;
    }

    private async Task<List<ChallengeView>> ReadAsync(string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = PostgresCommands.Create(database.DataSource, sql, parameters);
        var views = new List<ChallengeView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var joined = reader.GetBoolean(7);
            var metric = ChallengeMetrics.Parse(reader.GetString(10));
            double? progress = joined ? Math.Round(reader.GetDouble(8), 1) : null;
            views.Add(new ChallengeView(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), metric.ToName(), ChallengeMetrics.Goal(metric, reader.GetDouble(3)),
                IsoTime.From(reader.GetDateTime(4)), IsoTime.From(reader.GetDateTime(5)), reader.GetInt64(6), joined, progress,
                metric == ChallengeMetric.Distance ? progress : null, reader.IsDBNull(9) ? null : IsoTime.From(reader.GetDateTime(9))));
        }

        return views;
    }

}
