using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.EventLog;
using FitnessDriver.Hosting;

namespace FitnessDriver.Telemetry;

/// <summary>
/// Keeps the <see cref="ActivityDirectory"/> up to date from the lifecycle topic (every partition, no group), and
/// lets a request wait until everything appended before it was read, so one edge replica sees another's writes.
/// </summary>
public sealed class ActivityDirectoryFeed(IEventLog log, ActivityDirectory directory, WorkerHealth health, ILogger<ActivityDirectoryFeed> logger)
    : SupervisedWorker("activity directory feed", health, logger)
{
    private readonly Dictionary<TopicPartition, long> positions = [];
    private readonly Lock gate = new();
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource progressed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int catchUpStarted;

    /// <summary>True once the directory caught up with the log at start-up.</summary>
    public bool IsReady => started.Task.IsCompletedSuccessfully;

    /// <summary>Waits until every lifecycle event durable now has been applied. False on timeout.</summary>
    public async Task<bool> CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watermarks = await log.GetWatermarksAsync(Topics.ActivityLifecycle, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (watermarks.All(w => w.Value.IsCaughtUp(positions.TryGetValue(w.Key, out var p) ? p : null)))
                    return true;
                next = progressed.Task;
            }

            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>Completes when the start-up catch-up is done.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => started.Task.WaitAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        // A restarted run reads the topic from the start again; applying an event twice leaves the directory as it was.
        await using var consumer = log.Subscribe(new ConsumerOptions(null, [Topics.ActivityLifecycle]));
        if (Interlocked.Exchange(ref catchUpStarted, 1) == 0)
            _ = MarkStartedAfterCatchUpAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<LogRecord> records;
            try
            {
                records = await consumer.ConsumeAsync(5000, TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (EventLogUnavailableException e)
            {
                // Brokers unreachable: keep what we know and try again; appends fail on their own meanwhile.
                logger.LogWarning("Cannot read activity history from the log ({Reason}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            foreach (var record in records)
            {
                try
                {
                    if (ActivityEventCodec.Decode(record.Value.Span) is { } activityEvent)
                        directory.Apply(activityEvent);
                }
                catch (ContractFormatException e)
                {
                    logger.LogError(e, "Skipping unreadable lifecycle event {Partition}@{Offset}", record.Partition, record.Offset);
                }
            }

            lock (gate)
            {
                foreach (var partition in consumer.Assignment)
                {
                    if (!positions.ContainsKey(partition))
                        positions[partition] = 0;
                }

                foreach (var record in records)
                    positions[record.Partition] = record.NextOffset;
                var previous = progressed;
                progressed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                previous.TrySetResult();
            }
        }
    }

    private async Task MarkStartedAfterCatchUpAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await CatchUpAsync(TimeSpan.FromSeconds(30), cancellationToken))
                    break;
                logger.LogWarning("Still reading activity history from the log; {Count} activities so far", directory.Count);
            }
            catch (EventLogUnavailableException e)
            {
                logger.LogWarning("Cannot ask the log how far it goes ({Reason}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        logger.LogInformation("Activity directory ready with {Count} activities", directory.Count);
        started.TrySetResult();
    }
}
