using FitnessDriver.Contracts.Achievements;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;

namespace FitnessDriver.Social.Feed;

/// <summary>Puts records, level-ups, badges and finished challenges in the feed. What history imported from files earned stays out of it.</summary>
public sealed class AchievementSink(SocialDatabase database, IAthleteKeys keys) : IEventSink<Achievement>
{
    /// <summary>The consumer group.</summary>
    public const string GroupName = "social-achievements";

    private static readonly HashSet<string> FeedTypes = [AchievementTypes.PersonalRecord, AchievementTypes.LevelUp, AchievementTypes.Badge, AchievementTypes.ChallengeFinished];

    /// <inheritdoc />
    public string Group => GroupName;

    /// <inheritdoc />
    public IReadOnlyList<string> Topics { get; } = [Contracts.Topics.Achievements];

    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public async ValueTask<Achievement?> DecodeAsync(LogRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return await SealedEvents.OpenAchievementAsync(record.Value, keys, cancellationToken) is { } achievement && FeedTypes.Contains(achievement.Type)
            && achievement.Payload["imported"]?.GetValueKind() != System.Text.Json.JsonValueKind.True
            ? achievement
            : null;
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<Achievement>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var activities = batch.Select(b => ActivityOf(b.Message)).OfType<Guid>();
        var (erased, deleted) = await DeletedActivities.GuardAsync(connection, transaction, database.Schema, batch.Select(b => b.Message.AthleteId), activities, cancellationToken);
        foreach (var achievement in batch.Select(b => b.Message).Where(a => !erased.Contains(a.AthleteId) && !(ActivityOf(a) is { } id && deleted.Contains(id))))
        {
            await FeedItems.AddAsync(connection, transaction, achievement.Id, achievement.AthleteId, achievement.Type,
                DateTimeOffset.FromUnixTimeMilliseconds(achievement.OccurredAt).UtcDateTime, ActivityOf(achievement), achievement.Payload, cancellationToken);
        }
    }

    private static Guid? ActivityOf(Achievement achievement) =>
        Guid.TryParse(achievement.Payload["activityId"]?.ToString(), out var id) ? id : null;
}
