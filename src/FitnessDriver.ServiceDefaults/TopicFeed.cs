using FitnessDriver.EventLog;
using FitnessDriver.Hosting;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// Keeps an in-memory view of one topic: reads every partition from the start (no consumer group, so each replica
/// sees everything), hands each record to <see cref="Apply"/>, and lets callers wait until everything durable at the
/// time of asking has been applied (read-your-writes across replicas). Restarted runs read from the start again, so
/// <see cref="Apply"/> must tolerate seeing a record twice.
/// </summary>
public abstract class TopicFeed : SupervisedWorker
{
    private readonly string topic;
    private readonly IEventLog log;
    private readonly ILogger logger;
    private readonly Dictionary<TopicPartition, long> positions = [];
    private readonly Lock gate = new();
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource progressed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int catchUpStarted;

    /// <summary>A feed of <paramref name="topic"/>, named <paramref name="name"/> in logs and health.</summary>
    protected TopicFeed(string name, string topic, IEventLog log, WorkerHealth health, ILogger logger)
        : base(name, health, logger)
    {
        this.topic = topic;
        this.log = log;
        this.logger = logger;
    }

    /// <summary>True once the view caught up with the log at start-up.</summary>
    public bool IsReady => started.Task.IsCompletedSuccessfully;

    /// <summary>Completes when the start-up catch-up is done.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => started.Task.WaitAsync(cancellationToken);

    /// <summary>Waits until every record durable now has been applied. False on timeout.</summary>
    public async Task<bool> CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watermarks = await log.GetWatermarksAsync(topic, cancellationToken);
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

    /// <summary>Applies one record to the view; an unreadable record is logged and skipped.</summary>
    protected abstract void Apply(LogRecord record);

    /// <summary>How many entries the view holds, for logs.</summary>
    protected abstract int Count { get; }

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await using var consumer = log.Subscribe(new ConsumerOptions(null, [topic]));
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
                // Brokers unreachable: keep what we know and try again.
                logger.LogWarning("{Feed}: cannot read {Topic} ({Reason}); retrying", Name, topic, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            foreach (var record in records)
                Apply(record);

            lock (gate)
            {
                foreach (var partition in consumer.Assignment)
                    positions.TryAdd(partition, 0);
                foreach (var record in records)
                    positions[record.Partition] = record.NextOffset;
                var previous = progressed;
                progressed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                previous.TrySetResult();
            }

            ReportProgress();
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
                logger.LogWarning("{Feed}: still reading {Topic}; {Count} entries so far", Name, topic, Count);
            }
            catch (EventLogUnavailableException e)
            {
                logger.LogWarning("{Feed}: cannot ask the log how far {Topic} goes ({Reason}); retrying", Name, topic, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }

        logger.LogInformation("{Feed} ready with {Count} entries", Name, Count);
        started.TrySetResult();
    }
}
