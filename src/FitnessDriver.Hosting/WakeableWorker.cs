using Microsoft.Extensions.Logging;

namespace FitnessDriver.Hosting;

/// <summary>
/// A supervised worker that does a round of work when woken (<see cref="Wake"/>, after a commit that left work for it)
/// and at least every <c>sweep</c> (for work another replica or a stopped process left). A round that fails in a way
/// <see cref="IsTransient"/> expects is retried with back-off; anything else goes to the supervisor.
/// </summary>
public abstract class WakeableWorker : SupervisedWorker
{
    private readonly TimeSpan sweep;
    private readonly TimeSpan firstRetry;
    private readonly TimeSpan lastRetry;
    private readonly ILogger logger;
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>
    /// Registers the worker: it looks for work every <paramref name="sweep"/>, and after a transient failure retries
    /// with back-off from <paramref name="firstRetry"/> to <paramref name="lastRetry"/>.
    /// </summary>
    protected WakeableWorker(string name, TimeSpan sweep, TimeSpan firstRetry, TimeSpan lastRetry, WorkerHealth health, ILogger logger)
        : base(name, health, logger)
    {
        this.sweep = sweep;
        this.firstRetry = firstRetry;
        this.lastRetry = lastRetry;
        this.logger = logger;
    }

    /// <summary>Does a round soon.</summary>
    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A round is already due.
        }
    }

    /// <summary>One round: everything there is to do now.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>True for a failure that passes by itself (a database or log that is unavailable for now).</summary>
    protected abstract bool IsTransient(Exception exception);

    /// <inheritdoc />
    protected sealed override async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(firstRetry, lastRetry);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                backoff.Reset();
                ReportProgress();
                await wake.WaitAsync(sweep, stoppingToken);
            }
            catch (Exception e) when (IsTransient(e) && !stoppingToken.IsCancellationRequested)
            {
                var delay = backoff.Next();
                logger.LogWarning("{Worker} waits ({Reason}); retrying in {Delay} ms", Name, e.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }
}
