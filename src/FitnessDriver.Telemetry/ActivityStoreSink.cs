using FitnessDriver.Contracts.Activities;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Erasure;
using Npgsql;

namespace FitnessDriver.Telemetry;

/// <summary>
/// Keeps <see cref="ActivityStore"/> from the lifecycle topic, applying events exactly as the directory does; names stay
/// sealed as they come, erased athletes' events are left out.
/// </summary>
public sealed class ActivityStoreSink(TelemetryDatabase database) : IEventSink<ActivityEvent>
{
    /// <summary>The consumer group.</summary>
    public const string GroupName = "telemetry-activities";

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
        return ValueTask.FromResult(ActivityEventCodec.Decode(record.Value.Span));
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<ActivityEvent>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var erased = await ErasedAthletes.GuardAsync(connection, transaction, database.Schema, batch.Select(b => b.Message.AthleteId), cancellationToken);
        var events = batch.Select(b => b.Message).Where(e => !erased.Contains(e.AthleteId)).ToList();
        var known = await ActivityStore.LockAsync(connection, transaction, [.. events.Select(e => e.ActivityId).Distinct()], cancellationToken);
        var changed = new Dictionary<Guid, KnownActivity>();
        foreach (var activityEvent in events)
        {
            var current = known.GetValueOrDefault(activityEvent.ActivityId);
            if (KnownActivity.Apply(current, activityEvent) is { } next && next != current)
                known[next.ActivityId] = changed[next.ActivityId] = next;
        }

        if (changed.Count > 0)
            await ActivityStore.SaveAsync(connection, transaction, changed.Values, cancellationToken);
    }
}
