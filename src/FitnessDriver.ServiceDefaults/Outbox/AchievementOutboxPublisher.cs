using System.Text;
using FitnessDriver.EventLog;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults.Privacy;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FitnessDriver.ServiceDefaults.Outbox;

/// <summary>
/// Publishes a service's outbox of achievement-shaped notices (a table <c>(seq bigserial, athlete_id uuid, achievement
/// jsonb)</c> written in the same transaction as what caused them) to a topic: appends durably, then deletes. A crash in
/// between publishes again; ids are deterministic, so consumers drop the repeat. Each is sealed with its athlete's data
/// key; those of an athlete erased meanwhile are dropped.
/// </summary>
public abstract class AchievementOutboxPublisher(string name, ServiceDatabase database, string table, string topic, IEventLog log, EventSealing sealing,
    IAthleteKeys keys, WorkerHealth health, ILogger logger)
    : WakeableWorker(name, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), health, logger)
{
    private const int BatchSize = 500;

    /// <summary>Notices of one athlete published per batch; they go one after another, the athletes side by side.</summary>
    private const int PerAthlete = 16;

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => PublishAllAsync(cancellationToken);

    /// <summary>Publishes batches until the outbox is empty (of rows no other replica holds).</summary>
    public async Task PublishAllAsync(CancellationToken cancellationToken)
    {
        // Every second too: another replica's commit wakes only its own publisher.
        await database.WaitUntilMigratedAsync(cancellationToken);
        while (await PublishBatchAsync(cancellationToken))
        {
        }
    }

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) =>
        PostgresErrors.IsTransient(exception) || exception is EventLogUnavailableException or KeysUnavailableException;

    /// <summary>Publishes one batch; true when more may be waiting.</summary>
    private async Task<bool> PublishBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var oldest = await SelectAsync(connection, transaction, $"""
            SELECT seq, athlete_id, achievement::text FROM {table} ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED
            """, cancellationToken, BatchSize);
        if (oldest.Count == 0)
            return false;

        // One athlete's flood must not hold back everyone else's: a few of each athlete's per batch, and when someone
        // had more, the batch is filled from the athletes after them.
        var pending = FairShare(oldest);
        var flooding = oldest.GroupBy(p => p.AthleteId).Where(g => g.Count() > PerAthlete).Select(g => g.Key).ToArray();
        if (flooding.Length > 0)
        {
            pending.AddRange(FairShare(await SelectAsync(connection, transaction, $"""
                SELECT seq, athlete_id, achievement::text FROM {table}
                WHERE seq > $2 AND athlete_id <> ALL($3) ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED
                """, cancellationToken, BatchSize - pending.Count, oldest[^1].Seq, flooding)));
        }

        // One athlete's notices in order; different athletes in parallel.
        await Task.WhenAll(pending.GroupBy(p => p.AthleteId).Select(async athlete =>
        {
            byte[]? key = null;
            if (sealing.Enabled && (key = await keys.FindAsync(athlete.Key, cancellationToken)) is null)
                return;
            foreach (var item in athlete)
            {
                var payload = SealedEvents.Achievement(item.AthleteId, Encoding.UTF8.GetBytes(item.Achievement), key);
                await log.AppendAsync(topic, new EventMessage(item.AthleteId.ToString(), payload), cancellationToken);
            }
        }));

        await using (var delete = new NpgsqlCommand($"DELETE FROM {table} WHERE seq = ANY($1)", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = pending.Select(p => p.Seq).ToArray() });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return oldest.Count == BatchSize || flooding.Length > 0;
    }

    private static List<(long Seq, Guid AthleteId, string Achievement)> FairShare(List<(long Seq, Guid AthleteId, string Achievement)> rows) =>
        rows.GroupBy(r => r.AthleteId).SelectMany(g => g.Take(PerAthlete)).OrderBy(r => r.Seq).ToList();

    private static async Task<List<(long Seq, Guid AthleteId, string Achievement)>> SelectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql,
        CancellationToken cancellationToken, params object[] parameters)
    {
        var rows = new List<(long Seq, Guid AthleteId, string Achievement)>();
        await using var select = PostgresCommands.Create(connection, transaction, sql, parameters);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2)));
        return rows;
    }
}
