using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres;
using FitnessDriver.Social.Notices;
using Microsoft.Extensions.Options;

namespace FitnessDriver.Social.Groups;

/// <summary>
/// Sends each changed session's standings to its members, at most every <see cref="GroupOptions.UpdateInterval"/>: a
/// <see cref="SocialNoticeTypes.GroupUpdate"/> to everyone, <see cref="SocialNoticeTypes.GroupPassed"/> to whoever was
/// passed since the last one, <see cref="SocialNoticeTypes.GroupFinished"/> to the others when a member finished. The
/// work is per session, however many samples changed it. A round claims due sessions with <c>SKIP LOCKED</c>, so
/// replicas share them and none is sent twice in one interval.
/// </summary>
public sealed class GroupBroadcaster(SocialDatabase database, GroupNames names, SocialNoticePublisher publisher, IOptions<GroupOptions> options,
    WorkerHealth health, ILogger<GroupBroadcaster> logger)
    : SupervisedWorker("group session updates", health, logger)
{
    private const int SessionsPerRound = 20;

    /// <summary>How often to look for changes other replicas made, when nothing wakes this one.</summary>
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(1);

    /// <summary>The least wait when a session is due but another transaction holds it.</summary>
    private static readonly TimeSpan Held = TimeSpan.FromMilliseconds(20);

    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Looks for due sessions soon (a consumer changed some).</summary>
    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A round is already due.
        }
    }

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await database.WaitUntilMigratedAsync(stoppingToken);
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await RoundAsync(stoppingToken) ? TimeSpan.Zero : await NextDueAsync(stoppingToken);
                backoff.Reset();
                ReportProgress();
            }
            catch (Exception e) when (PostgresErrors.IsTransient(e) && !stoppingToken.IsCancellationRequested)
            {
                wait = backoff.Next();
                logger.LogWarning("Group session updates wait ({Reason}); retrying in {Delay} ms", e.Message, (int)wait.TotalMilliseconds);
            }

            if (wait > TimeSpan.Zero)
                await wake.WaitAsync(wait, stoppingToken);
        }
    }

    /// <summary>Sends the updates of the sessions due now; true when some were.</summary>
    private async Task<bool> RoundAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var sessions = new List<(SessionRow Session, long Update)>();
        await using (var claim = PostgresCommands.Create(connection, transaction, """
            WITH due AS (
                SELECT session_id FROM social.group_sessions
                WHERE changed_at IS NOT NULL AND (updated_at IS NULL OR updated_at <= now() - $1)
                ORDER BY changed_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            UPDATE social.group_sessions s SET changed_at = NULL, updated_at = now(), updates = s.updates + 1
            FROM due WHERE s.session_id = due.session_id
            RETURNING s.session_id, s.name, s.club_id, s.host_id, s.started_at, true, s.updates
            """, settings.UpdateInterval, SessionsPerRound))
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                sessions.Add((GroupStore.Read(reader), reader.GetInt64(6)));
        }

        if (sessions.Count == 0)
            return false;
        await using var select = PostgresCommands.Create(connection, transaction, $"""
            SELECT {MemberRows.Columns} FROM social.group_members m WHERE m.session_id = ANY($1) AND m.left_at IS NULL
            """, sessions.Select(s => s.Session.SessionId).ToArray());
        var members = await MemberRows.ReadAllAsync(select, cancellationToken);
        var found = await names.FindAsync([.. members.Select(m => m.AthleteId).Distinct()], cancellationToken);
        var notices = new GroupNotices();
        var remembered = new List<(MemberRow Member, int Rank)>();
        foreach (var (session, update) in sessions)
        {
            var inSession = members.Where(m => m.SessionId == session.SessionId).ToList();
            remembered.AddRange(Announce(session, update, inSession, found, notices));
        }

        await notices.WriteAsync(connection, transaction, cancellationToken);
        await PostgresCommands.ExecuteAsync(connection, transaction, """
            UPDATE social.group_members m SET rank = u.rank, finish_sent = m.finished_at IS NOT NULL
            FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS u(session_id, athlete_id, rank)
            WHERE m.session_id = u.session_id AND m.athlete_id = u.athlete_id
            """, cancellationToken, remembered.Select(r => r.Member.SessionId).ToArray(), remembered.Select(r => r.Member.AthleteId).ToArray(),
            remembered.Select(r => r.Rank).ToArray());
        await transaction.CommitAsync(cancellationToken);
        GroupMetrics.RecordUpdates(sessions.Count, notices.Count);
        publisher.Wake();
        return true;
    }

    /// <summary>One session's notices; returns the ranks to compare the next update with.</summary>
    private IEnumerable<(MemberRow, int)> Announce(SessionRow session, long update, List<MemberRow> members, IReadOnlyDictionary<Guid, string> found, GroupNotices notices)
    {
        var settings = options.Value;
        var standings = MemberRows.Standings(members);
        var ranks = GroupStandings.Rank(standings);
        var id = session.SessionId.ToString();
        var views = MemberRows.Views(members, found, settings.MaxHeartRate);
        var key = string.Create(CultureInfo.InvariantCulture, $"{id}:{update}");
        foreach (var member in members)
        {
            notices.Add(member.AthleteId, SocialNoticeTypes.GroupUpdate, key, new JsonObject
            {
                ["sessionId"] = id, ["name"] = session.Name, ["memberCount"] = views.Count,
                ["members"] = JsonSerializer.SerializeToNode(GroupStandings.Around(views, member.AthleteId, settings.UpdateLeaders, settings.UpdateNeighbours), ContractJson.Options),
            });
        }

        foreach (var (passer, passed) in GroupStandings.Passes(standings, settings.PassMarginM))
            notices.Add(passed, SocialNoticeTypes.GroupPassed, $"{key}:{passer}", From(id, passer, found));
        foreach (var finisher in members.Where(m => m.Finished && !m.FinishSent))
        {
            var finished = From(id, finisher.AthleteId, found);
            finished["distanceM"] = Math.Round(finisher.Track.DistanceM, 1);
            finished["rank"] = ranks[finisher.AthleteId];
            foreach (var other in members.Where(m => m.AthleteId != finisher.AthleteId))
                notices.Add(other.AthleteId, SocialNoticeTypes.GroupFinished, $"{id}:{finisher.AthleteId}", (JsonObject)finished.DeepClone());
        }

        var next = GroupStandings.Remembered(standings, ranks, settings.PassMarginM);
        return members.Select(m => (m, next[m.AthleteId]));
    }

    private static JsonObject From(string sessionId, Guid athleteId, IReadOnlyDictionary<Guid, string> found)
    {
        var payload = SocialNotices.From(athleteId, found.GetValueOrDefault(athleteId));
        payload["sessionId"] = sessionId;
        return payload;
    }

    /// <summary>How long until the next changed session is due: at most <see cref="Sweep"/>.</summary>
    private async Task<TimeSpan> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT extract(epoch FROM min(coalesce(updated_at + $1, clock_timestamp())) - clock_timestamp())::float8
            FROM social.group_sessions WHERE changed_at IS NOT NULL
            """, options.Value.UpdateInterval);
        return await command.ExecuteScalarAsync(cancellationToken) is double seconds
            ? TimeSpan.FromSeconds(Math.Clamp(seconds, Held.TotalSeconds, Sweep.TotalSeconds))
            : Sweep;
    }
}
