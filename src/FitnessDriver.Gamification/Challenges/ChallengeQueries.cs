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
               p.athlete_id IS NOT NULL, p.amount, p.finished_at, c.metric, c.teams, p.team_id
        FROM gamification.challenges c
        LEFT JOIN gamification.challenge_participants p ON p.challenge_id = c.challenge_id AND p.athlete_id = $1
        """;

    public async Task<Guid> CreateAsync(string name, Sport sport, ChallengeMetric metric, double goal, DateTimeOffset startsAt, DateTimeOffset endsAt, Guid createdBy,
        bool teams, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var command = PostgresCommands.Create(database.DataSource, """
            INSERT INTO gamification.challenges (challenge_id, name, sport, metric, goal, starts_at, ends_at, created_by, teams)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, id, name, sport.ToName(), metric.ToName(), goal, startsAt.UtcDateTime, endsAt.UtcDateTime, createdBy, teams);
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

    /// <summary>The metric of a challenge, or null when there is none with that id.</summary>
    public async Task<ChallengeMetric?> MetricOfAsync(Guid challengeId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, "SELECT metric FROM gamification.challenges WHERE challenge_id = $1", challengeId);
        return await command.ExecuteScalarAsync(cancellationToken) is string metric ? ChallengeMetrics.Parse(metric) : null;
    }

    /// <summary>
    /// Ranked entries: the top <paramref name="limit"/>, or <paramref name="limit"/> around <paramref name="around"/> when
    /// they joined. The page is read in ranking order from the index from the caller's place (found by counting those
    /// ahead in the index), and ranks are computed within it: no window over the whole challenge.
    /// </summary>
    public async Task<List<LeaderboardEntry>> LeaderboardAsync(Guid challengeId, ChallengeMetric metric, int limit, Guid? around, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(LeaderboardSql);
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
                metric == ChallengeMetric.Distance ? progress : null, reader.IsDBNull(9) ? null : IsoTime.From(reader.GetDateTime(9)), reader.GetBoolean(11),
                reader.IsDBNull(12) ? null : reader.GetGuid(12)));
        }

        return views;
    }


    private const string LeaderboardSql = """
        WITH me AS (
            SELECT finished_at, amount, athlete_id FROM gamification.challenge_participants WHERE challenge_id = $1 AND athlete_id = $3
        ), skipped AS (
            -- Entries before the page: those up to half a page ahead of the caller (ranked ahead, or tied with a smaller id).
            SELECT greatest(0, coalesce((
                SELECT CASE WHEN me.finished_at IS NULL
                    THEN (SELECT count(*) FROM gamification.challenge_participants p WHERE p.challenge_id = $1 AND p.finished_at IS NOT NULL)
                       + (SELECT count(*) FROM gamification.challenge_participants p WHERE p.challenge_id = $1 AND p.finished_at IS NULL
                            AND p.amount >= me.amount AND (p.amount > me.amount OR p.athlete_id < me.athlete_id))
                    ELSE (SELECT count(*) FROM gamification.challenge_participants p WHERE p.challenge_id = $1 AND p.finished_at < me.finished_at)
                       + (SELECT count(*) FROM gamification.challenge_participants p WHERE p.challenge_id = $1 AND p.finished_at = me.finished_at
                            AND p.amount >= me.amount AND (p.amount > me.amount OR p.athlete_id < me.athlete_id))
                    END
                FROM me), 0) - $2 / 2) AS entries
        ), page AS (
            SELECT s.*, rank() OVER (ORDER BY s.finished_at ASC NULLS LAST, s.amount DESC) AS rank_in_page,
                   row_number() OVER (ORDER BY s.finished_at ASC NULLS LAST, s.amount DESC, s.athlete_id) AS row_in_page
            FROM (SELECT p.athlete_id, p.amount, p.finished_at FROM gamification.challenge_participants p
                  WHERE p.challenge_id = $1
                  ORDER BY p.finished_at ASC NULLS LAST, p.amount DESC, p.athlete_id
                  OFFSET (SELECT entries FROM skipped) LIMIT $2) s
        ), first AS MATERIALIZED (
            -- The rank of the page's first entry: its place, less the entries tied with it that come before it (by id).
            SELECT (SELECT entries FROM skipped) + 1 - CASE WHEN f.finished_at IS NULL
                    THEN (SELECT count(*) FROM gamification.challenge_participants p WHERE p.challenge_id = $1 AND p.finished_at IS NULL
                            AND p.amount = f.amount AND p.athlete_id < f.athlete_id)
                    ELSE (SELECT count(*) FROM gamification.challenge_participants p WHERE p.challenge_id = $1 AND p.finished_at = f.finished_at
                            AND p.amount = f.amount AND p.athlete_id < f.athlete_id)
                    END AS rank
            FROM page f WHERE f.row_in_page = 1
        )
        SELECT (CASE WHEN p.rank_in_page = 1 THEN f.rank ELSE (SELECT entries FROM skipped) + p.rank_in_page END)::int AS rank,
               p.athlete_id, p.amount, p.finished_at
        FROM page p, first f
        ORDER BY p.row_in_page
        """;
}
