using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using Npgsql;

namespace FitnessDriver.Gamification.Challenges;

/// <summary>
/// Follows activities' visibility on the lifecycle topic. Only activities visible to everyone count toward challenges:
/// when one turns followers-only or private its distance leaves every challenge it counted for (the leaderboard shows
/// the athlete without it), and when it turns public again the distance comes back.
/// </summary>
public sealed class VisibilitySink(GamificationDatabase database, Microsoft.Extensions.Options.IOptions<Rules.GamificationOptions> options) : IEventSink<ActivityStarted>
{
    /// <summary>The consumer group.</summary>
    public const string GroupName = "gamification-visibility";

    /// <inheritdoc />
    public string Group => GroupName;

    /// <inheritdoc />
    public IReadOnlyList<string> Topics { get; } = [Contracts.Topics.ActivityLifecycle];

    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public ValueTask<ActivityStarted?> DecodeAsync(LogRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ValueTask.FromResult(ActivityEventCodec.Decode(record.Value.Span) as ActivityStarted);
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<ActivityStarted>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (erased, deleted) = await DeletedActivities.GuardAsync(connection, transaction, database.Schema, batch.Select(b => b.Message.AthleteId),
            batch.Select(b => b.Message.ActivityId), cancellationToken);
        // An activity's events are in order in one partition: the last one states its visibility.
        var latest = batch.Select(b => b.Message).Where(m => !erased.Contains(m.AthleteId) && !deleted.Contains(m.ActivityId))
            .GroupBy(m => m.ActivityId).Select(g => g.Last()).OrderBy(m => m.ActivityId).ToList();
        foreach (var started in latest)
        {
            var visibility = started.Visibility ?? Visibility.Everyone;
            await PostgresCommands.ExecuteAsync(connection, transaction, """
                INSERT INTO gamification.activity_visibility (activity_id, athlete_id, visibility) VALUES ($1, $2, $3)
                ON CONFLICT (activity_id) DO UPDATE SET visibility = EXCLUDED.visibility
                WHERE gamification.activity_visibility.athlete_id = EXCLUDED.athlete_id
                """, cancellationToken, started.ActivityId, started.AthleteId, visibility.ToName());
            await ChallengeStore.SetCountedAsync(connection, transaction, started.ActivityId, started.AthleteId, visibility == Visibility.Everyone,
                options.Value.Streaks.ActiveDayMs, cancellationToken);
        }
    }
}
