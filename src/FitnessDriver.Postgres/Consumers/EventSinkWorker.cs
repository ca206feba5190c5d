using System.Diagnostics;
using FitnessDriver.EventLog;
using FitnessDriver.Hosting;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.Postgres.Consumers;

/// <summary>
/// Runs an <see cref="IEventSink{TMessage}"/>: consume a batch, apply it and its positions in one transaction, then
/// commit the positions to the log too (for lag). Database errors that may pass are retried with back-off without
/// moving past the batch; a record that fails on its own (where an empty transaction succeeds) goes to the dead-letter
/// topic. Anything else ends the run, and the supervisor starts it again from the stored positions. Several workers
/// of one sink (named by <c>member</c>) split the group's partitions.
/// </summary>
public sealed class EventSinkWorker<TMessage>(
    IEventSink<TMessage> sink,
    IEventLog log,
    WorkerHealth health,
    ILogger<EventSinkWorker<TMessage>> logger,
    string? member = null) : SupervisedWorker(member is null ? $"consumer {sink.Group}" : $"consumer {sink.Group} {member}", health, logger)
    where TMessage : class
{
    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await sink.Database.WaitUntilMigratedAsync(stoppingToken);
        var lag = new ConsumerLag(log, sink.Group);
        await using var consumer = log.Subscribe(new ConsumerOptions(sink.Group, sink.Topics)
        {
            OnAssigned = (partitions, cancellationToken) => LoadPositionsAsync(partitions, lag, cancellationToken),
            OnRevoked = (partitions, _) =>
            {
                lag.Revoked(partitions);
                return ValueTask.CompletedTask;
            },
        });
        logger.LogInformation("{Group} consuming {Topics}", sink.Group, string.Join(", ", sink.Topics));
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<LogRecord> records;
            try
            {
                records = await consumer.ConsumeAsync(sink.MaxBatch, TimeSpan.FromMilliseconds(500), stoppingToken);
            }
            catch (Exception e) when (PostgresErrors.IsTransient(e) || e is EventLogUnavailableException)
            {
                // Loading positions for newly assigned partitions needs the database (and, on Kafka, the brokers).
                await WaitAfterTransientErrorAsync(e, backoff, stoppingToken);
                continue;
            }

            if (records.Count > 0 && records.Count < sink.MaxBatch && sink.Linger > TimeSpan.Zero)
                records = await GatherAsync(consumer, records, stoppingToken);
            if (records.Count > 0)
            {
                var positions = await ProcessAsync(records, backoff, stoppingToken);
                await CommitToLogAsync(consumer, positions, stoppingToken);
                lag.Processed(positions);
                ReportProgress();
            }

            await lag.RefreshAsync(sink.Topics, stoppingToken);
        }
    }

    /// <summary>
    /// Adds what arrives within the sink's linger to <paramref name="first"/>, up to a full batch, until the log has had
    /// nothing new for the sink's <see cref="IEventSink{TMessage}.LingerQuiet"/>.
    /// </summary>
    private async Task<IReadOnlyList<LogRecord>> GatherAsync(IEventConsumer consumer, IReadOnlyList<LogRecord> first, CancellationToken cancellationToken)
    {
        var records = new List<LogRecord>(first);
        var started = Stopwatch.GetTimestamp();
        while (records.Count < sink.MaxBatch && sink.Linger - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } left)
        {
            IReadOnlyList<LogRecord> more;
            try
            {
                more = await consumer.ConsumeAsync(sink.MaxBatch - records.Count, left < sink.LingerQuiet ? left : sink.LingerQuiet, cancellationToken);
            }
            catch (Exception e) when (PostgresErrors.IsTransient(e) || e is EventLogUnavailableException)
            {
                // What was read is applied; the rest waits for the next batch.
                break;
            }

            if (more.Count == 0)
                break;
            records.AddRange(more);
        }

        return records;
    }

    private async Task CommitToLogAsync(IEventConsumer consumer, IReadOnlyDictionary<TopicPartition, long> positions, CancellationToken cancellationToken)
    {
        try
        {
            await consumer.CommitAsync(positions, cancellationToken);
        }
        catch (EventLogUnavailableException e)
        {
            // The positions are stored with the effects; the log's copy only feeds lag and the next commit catches it up.
            logger.LogWarning("{Group}: committing positions to the log failed ({Reason}); they are kept in the database", sink.Group, e.Message);
        }
    }

    private async ValueTask<IReadOnlyDictionary<TopicPartition, long>> LoadPositionsAsync(
        IReadOnlyCollection<TopicPartition> partitions, ConsumerLag lag, CancellationToken cancellationToken)
    {
        var stored = await ConsumerPositions.LoadAsync(sink.Database.DataSource, sink.Database.Schema, sink.Group, cancellationToken);
        var starts = partitions.Where(stored.ContainsKey).ToDictionary(p => p, p => stored[p]);
        lag.Assigned(partitions, starts);
        return starts;
    }

    private async Task<Dictionary<TopicPartition, long>> ProcessAsync(IReadOnlyList<LogRecord> records, Backoff backoff, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var decoded = new List<Decoded<TMessage>>(records.Count);
        foreach (var record in records)
        {
            TMessage? message;
            try
            {
                message = await DecodeWithRetryAsync(record, backoff, cancellationToken);
            }
            catch (Exception e) when (e is not (OperationCanceledException or ObjectDisposedException) && !cancellationToken.IsCancellationRequested)
            {
                await DeadLetterAsync(record, e, cancellationToken);
                continue;
            }

            if (message is not null)
                decoded.Add(new Decoded<TMessage>(record, message));
        }

        var positions = PositionsAfter(records);
        if (await TryApplyAsync(decoded, positions, backoff, cancellationToken) is not null)
        {
            // Something in the batch fails on its own merits: apply one by one to find it and set it aside.
            var applied = new Dictionary<TopicPartition, long>();
            foreach (var item in decoded)
            {
                var before = new Dictionary<TopicPartition, long>(applied) { [item.Record.Partition] = item.Record.Offset };
                applied[item.Record.Partition] = item.Record.NextOffset;
                if (await TryApplyAsync([item], applied, backoff, cancellationToken) is { } failure)
                {
                    // The same transaction without the record must work, or the fault is the database's, not the
                    // record's: this throws, and the run starts over instead of dead-lettering good records.
                    await ApplyWithRetryAsync([], before, backoff, cancellationToken);
                    await DeadLetterAsync(item.Record, failure, cancellationToken);
                    await ApplyWithRetryAsync([], applied, backoff, cancellationToken);
                }
            }

            await ApplyWithRetryAsync([], positions, backoff, cancellationToken);
        }

        SinkMetrics.RecordBatch(sink.Group, records.Count, Stopwatch.GetElapsedTime(started));
        return positions;
    }

    /// <summary>Decodes, waiting while what decoding needs (an athlete's data key) cannot be had: the record is not at fault.</summary>
    private async Task<TMessage?> DecodeWithRetryAsync(LogRecord record, Backoff backoff, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await sink.DecodeAsync(record, cancellationToken);
            }
            catch (RetryLaterException e) when (!cancellationToken.IsCancellationRequested)
            {
                await WaitAfterTransientErrorAsync(e, backoff, cancellationToken);
            }
        }
    }

    /// <summary>Applies with retries on transient errors; returns why the batch itself fails, or null when it was applied.</summary>
    private async Task<Exception?> TryApplyAsync(IReadOnlyList<Decoded<TMessage>> batch, IReadOnlyDictionary<TopicPartition, long> positions,
        Backoff backoff, CancellationToken cancellationToken)
    {
        try
        {
            await ApplyWithRetryAsync(batch, positions, backoff, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is not (OperationCanceledException or ObjectDisposedException) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "{Group} could not apply {Count} records", sink.Group, batch.Count);
            return e;
        }
    }

    private async Task ApplyWithRetryAsync(IReadOnlyList<Decoded<TMessage>> batch, IReadOnlyDictionary<TopicPartition, long> positions,
        Backoff backoff, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await using (var connection = await sink.Database.DataSource.OpenConnectionAsync(cancellationToken))
                await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
                {
                    if (batch.Count > 0)
                        await sink.ApplyAsync(connection, transaction, batch, cancellationToken);
                    await ConsumerPositions.SaveAsync(connection, transaction, sink.Database.Schema, sink.Group, positions, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }

                backoff.Reset();
                if (batch.Count > 0)
                    await sink.OnCommittedAsync(batch, cancellationToken);
                return;
            }
            catch (Exception e) when ((PostgresErrors.IsTransient(e) || e is RetryLaterException) && !cancellationToken.IsCancellationRequested)
            {
                await WaitAfterTransientErrorAsync(e, backoff, cancellationToken);
            }
        }
    }

    private async Task WaitAfterTransientErrorAsync(Exception error, Backoff backoff, CancellationToken cancellationToken)
    {
        var delay = backoff.Next();
        logger.LogWarning("{Group}: waiting for what it needs ({Reason}); retrying in {Delay} ms", sink.Group, error.Message, (int)delay.TotalMilliseconds);
        await Task.Delay(delay, cancellationToken);
    }

    private async Task DeadLetterAsync(LogRecord record, Exception error, CancellationToken cancellationToken)
    {
        logger.LogError(error, "{Group}: {Partition}@{Offset} cannot be processed; sending it to the dead-letter topic",
            sink.Group, record.Partition, record.Offset);
        await DeadLetters.SendAsync(log, sink.Group, record, error, cancellationToken);
        SinkMetrics.RecordDeadLetter(sink.Group, record.Topic);
    }

    private static Dictionary<TopicPartition, long> PositionsAfter(IEnumerable<LogRecord> records)
    {
        var positions = new Dictionary<TopicPartition, long>();
        foreach (var record in records)
        {
            if (!positions.TryGetValue(record.Partition, out var current) || record.NextOffset > current)
                positions[record.Partition] = record.NextOffset;
        }

        return positions;
    }
}
