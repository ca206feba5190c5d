using System.Text;
using System.Threading.Channels;
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
    : SupervisedWorker("achievement publisher", health, logger)
{
    private const int BatchSize = 500;
    private readonly Channel<bool> wakeups = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a publish round now (after a transaction that wrote to the outbox).</summary>
    public void Wake() => wakeups.Writer.TryWrite(true);

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await database.WaitUntilMigratedAsync(stoppingToken);
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await PublishBatchAsync(stoppingToken) == BatchSize)
                {
                }

                backoff.Reset();
                ReportProgress();
                using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                poll.CancelAfter(TimeSpan.FromSeconds(1));
                await wakeups.Reader.ReadAsync(poll.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Poll interval elapsed: look at the outbox anyway, in case another replica's wake-up went elsewhere.
            }
            catch (Exception e) when ((PostgresErrors.IsTransient(e) || e is EventLogUnavailableException or KeysUnavailableException) && !stoppingToken.IsCancellationRequested)
            {
                var delay = backoff.Next();
                logger.LogWarning("Publishing achievements failed ({Reason}); retrying in {Delay} ms", e.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

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
