using FitnessDriver.Contracts.Api;
using FitnessDriver.Postgres;

namespace FitnessDriver.Gamification.Challenges;

/// <summary>A team on a challenge: ad-hoc, or a club's.</summary>
public sealed record ChallengeTeam(Guid TeamId, string Name, Guid? ClubId);

/// <summary>Teams of team challenges, who is on which, and the teams' standings.</summary>
public sealed class ChallengeTeams(GamificationDatabase database)
{
    /// <summary>The team, when it is one of the challenge's.</summary>
    public Task<ChallengeTeam?> FindAsync(Guid challengeId, Guid teamId, CancellationToken cancellationToken) =>
        OneAsync("challenge_id = $1 AND team_id = $2", cancellationToken, challengeId, teamId);

    /// <summary>The club's team on the challenge, if it has one yet.</summary>
    public Task<ChallengeTeam?> FindByClubAsync(Guid challengeId, Guid clubId, CancellationToken cancellationToken) =>
        OneAsync("challenge_id = $1 AND club_id = $2", cancellationToken, challengeId, clubId);

    /// <summary>A new ad-hoc team; null when the challenge has a team of that name (whatever its case).</summary>
    public async Task<ChallengeTeam?> CreateAsync(Guid challengeId, string name, CancellationToken cancellationToken)
    {
        var teamId = Guid.CreateVersion7();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await PostgresCommands.ExecuteAsync(connection, null, """
            INSERT INTO gamification.challenge_teams (team_id, challenge_id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
            """, cancellationToken, teamId, challengeId, name) == 1 ? new ChallengeTeam(teamId, name, null) : null;
    }

    /// <summary>The club's team on the challenge, made (named after the club) when its first member joins.</summary>
    public async Task<ChallengeTeam> ForClubAsync(Guid challengeId, Guid clubId, string clubName, CancellationToken cancellationToken)
    {
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        {
            await PostgresCommands.ExecuteAsync(connection, null, """
                INSERT INTO gamification.challenge_teams (team_id, challenge_id, name, club_id) VALUES ($1, $2, $3, $4)
                ON CONFLICT (challenge_id, club_id) WHERE club_id IS NOT NULL DO NOTHING
                """, cancellationToken, Guid.CreateVersion7(), challengeId, clubName, clubId);
        }

        return (await FindByClubAsync(challengeId, clubId, cancellationToken))!;
    }

    /// <summary>Joins the challenge on the team; returns the athlete's team, which is another one when they had joined before.</summary>
    public async Task<Guid> JoinAsync(Guid challengeId, Guid athleteId, Guid teamId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            WITH joined AS (
                INSERT INTO gamification.challenge_participants (challenge_id, athlete_id, joined_at, team_id) VALUES ($1, $2, $3, $4)
                ON CONFLICT DO NOTHING RETURNING team_id)
            SELECT team_id FROM joined
            UNION ALL SELECT team_id FROM gamification.challenge_participants WHERE challenge_id = $1 AND athlete_id = $2 AND NOT EXISTS (SELECT 1 FROM joined)
            """, challengeId, athleteId, now.UtcDateTime, teamId);
        return (Guid)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The top <paramref name="limit"/> teams by the sum of their members' counted amounts.</summary>
    public async Task<List<TeamLeaderboardEntry>> LeaderboardAsync(Guid challengeId, ChallengeMetric metric, int limit, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT rank() OVER (ORDER BY s.amount DESC)::int, s.team_id, s.name, s.club_id, s.members, s.amount
            FROM (SELECT t.team_id, t.name, t.club_id, count(p.athlete_id) AS members, coalesce(sum(p.amount), 0) AS amount
                  FROM gamification.challenge_teams t LEFT JOIN gamification.challenge_participants p ON p.team_id = t.team_id
                  WHERE t.challenge_id = $1 GROUP BY t.team_id) s
            ORDER BY s.amount DESC, s.team_id LIMIT $2
            """, challengeId, limit);
        var entries = new List<TeamLeaderboardEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var value = Math.Round(reader.GetDouble(5), 1);
            entries.Add(new TeamLeaderboardEntry(reader.GetInt32(0), reader.GetGuid(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.GetInt64(4), value, metric == ChallengeMetric.Distance ? value : null));
        }

        return entries;
    }

    private async Task<ChallengeTeam?> OneAsync(string condition, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = PostgresCommands.Create(database.DataSource, $"SELECT team_id, name, club_id FROM gamification.challenge_teams WHERE {condition}", values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ChallengeTeam(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2)) : null;
    }
}
