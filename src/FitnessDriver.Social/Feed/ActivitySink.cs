using System.Text.Json.Nodes;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using Npgsql;

namespace FitnessDriver.Social.Feed;

/// <summary>
/// Follows activities on the lifecycle topic: their sport, start and visibility, and a feed item when one is finished. A
/// merged duplicate's item goes (its activity has one of its own); a deleted activity's goes with everything of it.
/// </summary>
public sealed class ActivitySink(SocialDatabase database) : IEventSink<ActivityEvent>
{
    /// <summary>The consumer group.</summary>
    public const string GroupName = "social-activities";

    /// <inheritdoc />
    public string Group => GroupName;

    /// <inheritdoc />
    public IReadOnlyList<string> Topics { get; } = [Contracts.Topics.ActivityLifecycle];

    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public ValueTask<ActivityEvent?> DecodeAsync(LogRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ValueTask.FromResult(ActivityEventCodec.Decode(record.Value.Span) is { } e and not ActivityDeleted ? e : null);
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<ActivityEvent>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (erased, deleted) = await DeletedActivities.GuardAsync(connection, transaction, database.Schema, batch.Select(b => b.Message.AthleteId),
            batch.Select(b => b.Message.ActivityId), cancellationToken);
        foreach (var message in batch.Select(b => b.Message).Where(m => !erased.Contains(m.AthleteId) && !deleted.Contains(m.ActivityId)))
        {
            switch (message)
            {
                case ActivityStarted started:
                    await PostgresCommands.ExecuteAsync(connection, transaction, """
                        INSERT INTO social.activities (activity_id, athlete_id, sport, started_at, visibility) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (activity_id) DO UPDATE SET visibility = EXCLUDED.visibility WHERE social.activities.athlete_id = EXCLUDED.athlete_id
                        """, cancellationToken, started.ActivityId, started.AthleteId, started.Sport.ToName(),
                        DateTimeOffset.FromUnixTimeMilliseconds(started.StartedAt).UtcDateTime, (started.Visibility ?? Visibility.Everyone).ToName());
                    break;
                case ActivityFinished finished:
                    await FinishAsync(connection, transaction, finished, cancellationToken);
                    break;
                case ActivityMerged merged:
                    await PostgresCommands.ExecuteAsync(connection, transaction, "UPDATE social.activities SET merged_into = $2 WHERE activity_id = $1",
                        cancellationToken, merged.ActivityId, merged.Into);
                    await PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM social.feed_items WHERE item_id = $1",
                        cancellationToken, FeedItems.ActivityItemId(merged.ActivityId));
                    break;
            }
        }
    }

    private static async Task FinishAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ActivityFinished finished, CancellationToken cancellationToken)
    {
        var finishedAt = DateTimeOffset.FromUnixTimeMilliseconds(finished.FinishedAt).UtcDateTime;
        await using var update = PostgresCommands.Create(connection, transaction, """
            UPDATE social.activities SET finished_at = coalesce(finished_at, $2) WHERE activity_id = $1 AND athlete_id = $3 AND merged_into IS NULL
            RETURNING sport, started_at
            """, finished.ActivityId, finishedAt, finished.AthleteId);
        string? sport = null;
        DateTime startedAt = default;
        await using (var reader = await update.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
                (sport, startedAt) = (reader.GetString(0), reader.GetDateTime(1));
        }

        if (sport is null)
            return;
        var details = new JsonObject { ["sport"] = sport, ["startedAt"] = IsoTime.From(startedAt), ["finishedAt"] = IsoTime.From(finishedAt) };
        await FeedItems.AddAsync(connection, transaction, FeedItems.ActivityItemId(finished.ActivityId), finished.AthleteId, "activity", finishedAt,
            finished.ActivityId, details, cancellationToken);
    }
}
