using System.Collections.Frozen;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres;
using Microsoft.Extensions.Options;

namespace FitnessDriver.Social.Groups;

/// <summary>
/// The athletes in a live group session, in memory, so the consumers of samples and lifecycle events skip everyone
/// else without asking the database. Read from the database every <see cref="GroupOptions.MembersRefresh"/> (members
/// who joined through another replica) and told at once of those who join through this one.
/// </summary>
public sealed class LiveAthletes(SocialDatabase database, GroupNames names, IOptions<GroupOptions> options, WorkerHealth health, ILogger<LiveAthletes> logger)
    : SupervisedWorker("group session members", health, logger)
{
    /// <summary>Joins through this replica are kept this long past a refresh that may have read the database before them.</summary>
    private static readonly TimeSpan JoinGrace = TimeSpan.FromSeconds(10);

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, DateTime> joinedHere = [];
    private FrozenSet<Guid> athletes = FrozenSet<Guid>.Empty;

    /// <summary>Whether the athlete is in a live session.</summary>
    public bool Contains(Guid athleteId) => athletes.Contains(athleteId);

    /// <summary>An athlete who just joined through this replica.</summary>
    public void Add(Guid athleteId)
    {
        lock (gate)
        {
            joinedHere[athleteId] = DateTime.UtcNow;
            athletes = athletes.Append(athleteId).ToFrozenSet();
        }
    }

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await database.WaitUntilMigratedAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
                ReportProgress();
            }
            catch (Exception e) when (PostgresErrors.IsTransient(e) && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Cannot read the group sessions' members ({Reason}); keeping the last known ones", e.Message);
            }

            await Task.Delay(options.Value.MembersRefresh, stoppingToken);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT DISTINCT m.athlete_id FROM social.group_members m JOIN social.group_sessions s USING (session_id)
            WHERE m.left_at IS NULL AND s.ended_at IS NULL AND s.started_at > now() - $1
            """, options.Value.MaxDuration);
        var live = new HashSet<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                live.Add(reader.GetGuid(0));
        }

        lock (gate)
        {
            var recent = DateTime.UtcNow - JoinGrace;
            foreach (var (athleteId, at) in joinedHere.ToList())
            {
                if (at < recent)
                    joinedHere.Remove(athleteId);
                else
                    live.Add(athleteId);
            }

            athletes = live.ToFrozenSet();
        }

        names.Retain(live);
    }
}
