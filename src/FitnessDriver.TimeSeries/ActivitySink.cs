using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// Keeps <c>timeseries.activities</c> from the lifecycle topic and the XP earned per activity from achievements.
/// Messages are <see cref="ActivityEvent"/> or <see cref="Achievement"/>. Names stay sealed as they come; erased
/// athletes' events are left out.
/// </summary>
public sealed class ActivitySink(TimeSeriesDatabase database, IAthleteKeys keys) : IEventSink<object>
{
    /// <summary>The consumer group.</summary>
    public const string GroupName = "timeseries-activities";

    /// <inheritdoc />
    public string Group => GroupName;

    /// <inheritdoc />
    public IReadOnlyList<string> Topics { get; } = [Contracts.Topics.ActivityLifecycle, Contracts.Topics.Achievements];

    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public async ValueTask<object?> DecodeAsync(LogRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Topic == Contracts.Topics.ActivityLifecycle)
            return ActivityEventCodec.Decode(record.Value.Span);
        var achievement = await SealedEvents.OpenAchievementAsync(record.Value, keys, cancellationToken);
        return achievement?.Type == AchievementTypes.Xp ? achievement : null;
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<object>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // One statement per kind of event, not per event: a mass finish brings tens of thousands at once. An activity's
        // events are in order in one partition, so starts (the last name wins) go before finishes (the first time wins).
        var (erased, deleted) = await DeletedActivities.GuardAsync(connection, transaction, database.Schema, batch.Select(b => AthleteOf(b.Message)),
            batch.Select(b => ActivityOf(b.Message)), cancellationToken);
        var messages = batch.Select(b => b.Message).Where(m => !erased.Contains(AthleteOf(m)) && !deleted.Contains(ActivityOf(m))).ToList();
        var started = messages.OfType<ActivityStarted>().GroupBy(e => e.ActivityId).Select(g => g.Last()).ToList();
        var finished = messages.OfType<ActivityFinished>().DistinctBy(e => e.ActivityId).ToList();
        var merged = messages.OfType<ActivityMerged>().DistinctBy(e => e.ActivityId).ToList();
        var xp = messages.OfType<Achievement>().Select(Xp).OfType<(Guid AchievementId, Guid ActivityId, int Amount)>().DistinctBy(x => x.AchievementId).ToList();
        if (started.Count > 0)
        {
            await PostgresCommands.ExecuteAsync(connection, transaction, """
                INSERT INTO timeseries.activities (activity_id, athlete_id, sport, name, started_at, sealed_name, visibility, multisport_id)
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::bytea[], $7::text[], $8::uuid[])
                ON CONFLICT (activity_id) DO UPDATE SET sport = EXCLUDED.sport, name = EXCLUDED.name, started_at = EXCLUDED.started_at,
                    sealed_name = EXCLUDED.sealed_name, visibility = EXCLUDED.visibility, multisport_id = EXCLUDED.multisport_id
                WHERE timeseries.activities.athlete_id = EXCLUDED.athlete_id
                """, cancellationToken, started.Select(e => e.ActivityId).ToArray(), started.Select(e => e.AthleteId).ToArray(), started.Select(e => e.Sport.ToName()).ToArray(),
                Texts(started.Select(e => e.Name)), started.Select(e => Time(e.StartedAt)).ToArray(),
                new NpgsqlParameter { Value = started.Select(e => e.SealedName).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bytea },
                started.Select(e => (e.Visibility ?? Visibility.Everyone).ToName()).ToArray(),
                new NpgsqlParameter { Value = started.Select(e => e.MultisportId).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid });
        }

        if (finished.Count > 0)
        {
            await PostgresCommands.ExecuteAsync(connection, transaction, """
                UPDATE timeseries.activities a SET finished_at = COALESCE(a.finished_at, f.finished_at)
                FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS f(activity_id, athlete_id, finished_at)
                WHERE a.activity_id = f.activity_id AND a.athlete_id = f.athlete_id
                """, cancellationToken, finished.Select(e => e.ActivityId).ToArray(), finished.Select(e => e.AthleteId).ToArray(), finished.Select(e => Time(e.FinishedAt)).ToArray());
        }

        if (merged.Count > 0)
        {
            await PostgresCommands.ExecuteAsync(connection, transaction, """
                INSERT INTO timeseries.activity_aliases (activity_id, canonical_id, athlete_id)
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[])
                ON CONFLICT (activity_id) DO NOTHING
                """, cancellationToken, merged.Select(e => e.ActivityId).ToArray(), merged.Select(e => e.Into).ToArray(), merged.Select(e => e.AthleteId).ToArray());
        }

        if (xp.Count > 0)
        {
            await PostgresCommands.ExecuteAsync(connection, transaction, """
                INSERT INTO timeseries.activity_xp (achievement_id, activity_id, xp)
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[])
                ON CONFLICT DO NOTHING
                """, cancellationToken, xp.Select(x => x.AchievementId).ToArray(), xp.Select(x => x.ActivityId).ToArray(), xp.Select(x => x.Amount).ToArray());
        }
    }

    private static Guid AthleteOf(object message) => message switch
    {
        ActivityEvent activityEvent => activityEvent.AthleteId,
        Achievement achievement => achievement.AthleteId,
        _ => Guid.Empty,
    };

    private static Guid ActivityOf(object message) => message switch
    {
        ActivityEvent activityEvent => activityEvent.ActivityId,
        Achievement achievement => Xp(achievement)?.ActivityId ?? Guid.Empty,
        _ => Guid.Empty,
    };

    private static (Guid AchievementId, Guid ActivityId, int Amount)? Xp(Achievement xp) =>
        xp.Payload["activityId"]?.GetValue<string>() is { } activity && Guid.TryParse(activity, out var activityId)
            && xp.Payload["xp"]?.GetValue<int>() is { } amount
            ? (xp.Id, activityId, amount)
            : null;

    private static NpgsqlParameter Texts(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text };

    private static DateTime Time(long epochMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).UtcDateTime;
}
