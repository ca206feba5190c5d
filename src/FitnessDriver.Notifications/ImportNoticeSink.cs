using FitnessDriver.Contracts.Achievements;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Erasure;
using Npgsql;

namespace FitnessDriver.Notifications;

/// <summary>
/// Archive imports' notices: progress is pushed to the athlete's WebSocket as it comes and not kept (the job's
/// <c>GET</c> has it); the end of a job is one inbox notification, pushed like any other.
/// </summary>
public sealed class ImportNoticeSink(NotificationsDatabase database) : IEventSink<Achievement>
{
    /// <inheritdoc />
    public string Group => "notifications-imports";

    /// <inheritdoc />
    public IReadOnlyList<string> Topics { get; } = [Contracts.Topics.Imports];

    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public ValueTask<Achievement?> DecodeAsync(LogRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ValueTask.FromResult<Achievement?>(AchievementCodec.Decode(record.Value.Span));
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<Achievement>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var erased = await ErasedAthletes.GuardAsync(connection, transaction, database.Schema, batch.Select(b => b.Message.AthleteId), cancellationToken);
        var notices = batch.Select(b => b.Message).Where(n => !erased.Contains(n.AthleteId)).ToList();
        // Only the latest progress of each job is worth pushing; a batch read after a pause holds many.
        var progress = notices.Where(n => n.Type == AchievementTypes.ImportProgress)
            .GroupBy(n => n.Payload["importId"]?.ToString()).Select(g => g.Last())
            .Select(n => new PushMessage(n.AthleteId, 0, InboxSink.ToItem(n))).ToList();
        await InboxSink.PushAsync(connection, transaction, progress, cancellationToken);
        await InboxSink.StoreAsync(connection, transaction, [.. notices.Where(n => n.Type == AchievementTypes.ImportFinished).DistinctBy(n => n.Id)], cancellationToken);
    }
}
