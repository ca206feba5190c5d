using FitnessDriver.Contracts.Activities;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Erasure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FitnessDriver.Postgres.Deletion;

/// <summary>
/// Reads <see cref="ActivityDeleted"/> from the lifecycle topic and deletes the activity from one service's database. The
/// deletion and the consumer's position commit together, so a deletion interrupted by a crash is done again, whole.
/// </summary>
public sealed class ActivityDeletionSink<TEraser>(TEraser eraser, ILogger<ActivityDeletionSink<TEraser>> logger) : IEventSink<ActivityDeleted>
    where TEraser : IActivityEraser
{
    /// <inheritdoc />
    public string Group => eraser.Database.Schema + "-deletion";

    /// <inheritdoc />
    public IReadOnlyList<string> Topics { get; } = [Contracts.Topics.ActivityLifecycle];

    /// <inheritdoc />
    public ServiceDatabase Database => eraser.Database;

    /// <inheritdoc />
    public ValueTask<ActivityDeleted?> DecodeAsync(LogRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ValueTask.FromResult(ActivityEventCodec.Decode(record.Value.Span) as ActivityDeleted);
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<ActivityDeleted>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var schema = eraser.Database.Schema;
        var erased = await ErasedAthletes.GuardAsync(connection, transaction, schema, batch.Select(b => b.Message.AthleteId), cancellationToken);
        foreach (var deleted in batch.Select(b => b.Message).Where(m => !erased.Contains(m.AthleteId)).DistinctBy(m => m.ActivityId))
        {
            if (!await DeletedActivities.MarkAsync(connection, transaction, schema, deleted.ActivityId, deleted.AthleteId,
                    DateTimeOffset.FromUnixTimeMilliseconds(deleted.DeletedAt).UtcDateTime, cancellationToken))
                continue;
            var counts = await eraser.DeleteAsync(connection, transaction, deleted.ActivityId, deleted.AthleteId, cancellationToken);
            logger.LogInformation("Deleted activity {ActivityId} from {Schema}: {Deleted}", deleted.ActivityId, schema,
                string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
        }
    }
}

/// <summary>Registers a service's activity eraser and the consumer that runs it for every deleted activity.</summary>
public static class ActivityDeletionRegistration
{
    /// <summary>Registers <typeparamref name="TEraser"/> and its <see cref="ActivityDeletionSink{TEraser}"/>.</summary>
    public static IServiceCollection AddActivityEraser<TEraser>(this IServiceCollection services)
        where TEraser : class, IActivityEraser
    {
        services.AddSingleton<TEraser>();
        return services.AddEventSink<ActivityDeletionSink<TEraser>, ActivityDeleted>();
    }
}
