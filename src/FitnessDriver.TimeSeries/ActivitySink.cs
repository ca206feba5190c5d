using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// Keeps <c>timeseries.activities</c> from the lifecycle topic and the XP earned per activity from achievements.
/// Messages are <see cref="ActivityEvent"/> or <see cref="Achievement"/>.
/// </summary>
public sealed class ActivitySink(TimeSeriesDatabase database) : IEventSink<object>
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
    public object? Decode(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Topic == Contracts.Topics.ActivityLifecycle)
            return ActivityEventCodec.Decode(record.Value.Span);
        var achievement = AchievementCodec.Decode(record.Value.Span);
        return achievement.Type == AchievementTypes.Xp ? achievement : null;
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<object>> batch, CancellationToken cancellationToken)
    {
        foreach (var (_, message) in batch)
        {
            await using var command = message switch
            {
                ActivityStarted started => PostgresCommands.Create(connection, transaction, """
                    INSERT INTO timeseries.activities (activity_id, athlete_id, sport, name, started_at)
                    VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (activity_id) DO UPDATE SET sport = EXCLUDED.sport, name = EXCLUDED.name, started_at = EXCLUDED.started_at
                    WHERE timeseries.activities.athlete_id = EXCLUDED.athlete_id
                    """, started.ActivityId, started.AthleteId, started.Sport.ToName(), (object?)started.Name ?? DBNull.Value, Time(started.StartedAt)),
                ActivityFinished finished => PostgresCommands.Create(connection, transaction,
                    "UPDATE timeseries.activities SET finished_at = COALESCE(finished_at, $3) WHERE activity_id = $1 AND athlete_id = $2",
                    finished.ActivityId, finished.AthleteId, Time(finished.FinishedAt)),
                ActivityMerged merged => PostgresCommands.Create(connection, transaction, """
                    INSERT INTO timeseries.activity_aliases (activity_id, canonical_id, athlete_id) VALUES ($1, $2, $3)
                    ON CONFLICT (activity_id) DO NOTHING
                    """, merged.ActivityId, merged.Into, merged.AthleteId),
                Achievement xp => XpCommand(connection, transaction, xp),
                _ => null,
            };
            if (command is not null)
                await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static NpgsqlCommand? XpCommand(NpgsqlConnection connection, NpgsqlTransaction transaction, Achievement xp)
    {
        if (xp.Payload["activityId"]?.GetValue<string>() is not { } activity || !Guid.TryParse(activity, out var activityId)
            || xp.Payload["xp"]?.GetValue<int>() is not { } amount)
            return null;
        return PostgresCommands.Create(connection, transaction,
            "INSERT INTO timeseries.activity_xp (achievement_id, activity_id, xp) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            xp.Id, activityId, amount);
    }

    private static DateTime Time(long epochMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).UtcDateTime;
}
