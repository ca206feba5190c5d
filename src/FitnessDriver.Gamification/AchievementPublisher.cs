using System.Text;
using FitnessDriver.Contracts;
using FitnessDriver.EventLog;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;

namespace FitnessDriver.Gamification;

/// <summary>
/// Publishes the outbox to <see cref="Topics.Achievements"/>: appends durably, then deletes. A crash in between
/// publishes again; achievement ids are deterministic, so consumers drop the repeat. Each is sealed with its athlete's
/// data key; those of an athlete erased meanwhile are dropped.
/// </summary>
public sealed class AchievementPublisher(GamificationDatabase database, IEventLog log, EventSealing sealing, IAthleteKeys keys, WorkerHealth health,
    ILogger<AchievementPublisher> logger)
    : WakeableWorker("achievement publisher", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), health, logger)
{
    private const int BatchSize = 500;

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        // Every second too: another replica's commit wakes only its own publisher.
        await database.WaitUntilMigratedAsync(cancellationToken);
        while (await PublishBatchAsync(cancellationToken) == BatchSize)
        {
        }
    }

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) =>
        PostgresErrors.IsTransient(exception) || exception is EventLogUnavailableException or KeysUnavailableException;

    private async Task<int> PublishBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var pending = new List<(long Seq, Guid AthleteId, string Achievement)>();
        await using (var select = new NpgsqlCommand(
            "SELECT seq, athlete_id, achievement::text FROM gamification.outbox ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED", connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = BatchSize });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                pending.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2)));
        }

        if (pending.Count == 0)
            return 0;

        // One athlete's achievements in order; different athletes in parallel.
        await Task.WhenAll(pending.GroupBy(p => p.AthleteId).Select(async athlete =>
        {
            byte[]? key = null;
            if (sealing.Enabled && (key = await keys.FindAsync(athlete.Key, cancellationToken)) is null)
                return;
            foreach (var item in athlete)
            {
                var payload = SealedEvents.Achievement(item.AthleteId, Encoding.UTF8.GetBytes(item.Achievement), key);
                await log.AppendAsync(Topics.Achievements, new EventMessage(item.AthleteId.ToString(), payload), cancellationToken);
            }
        }));

        await using (var delete = new NpgsqlCommand("DELETE FROM gamification.outbox WHERE seq = ANY($1)", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = pending.Select(p => p.Seq).ToArray() });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return pending.Count;
    }
}
