using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.Hosting;

/// <summary>
/// A background loop that never stops its process: when <see cref="RunAsync"/> throws, the failure is logged, counted
/// (<c>fd.worker.failures</c>) and shown on <c>/health/ready</c>, and the loop starts again after a back-off. A worker
/// handles the errors it expects (a database that is down) itself; the supervisor is for everything else.
/// </summary>
public abstract class SupervisedWorker : BackgroundService
{
    private static readonly TimeSpan FirstRestart = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastRestart = TimeSpan.FromSeconds(30);
    private readonly WorkerHealth health;
    private readonly ILogger logger;

    /// <summary>Registers the worker under <paramref name="name"/> in <paramref name="health"/>.</summary>
    protected SupervisedWorker(string name, WorkerHealth health, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(health);
        Name = name;
        this.health = health;
        this.logger = logger;
        health.Register(name);
    }

    /// <summary>The worker's name in logs, metrics and health.</summary>
    public string Name { get; }

    /// <summary>Tells health that this run got past where earlier runs failed (call it after each unit of work).</summary>
    protected void ReportProgress() => health.Recovered(Name);

    /// <summary>The worker's loop; returns only when <paramref name="stoppingToken"/> is cancelled or its work is done.</summary>
    protected abstract Task RunAsync(CancellationToken stoppingToken);

    /// <inheritdoc />
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(FirstRestart, LastRestart);
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                health.Running(Name);
                await RunAsync(stoppingToken);
                health.Stopped(Name);
                return;
            }
            catch (Exception e) when (stoppingToken.IsCancellationRequested || e is ObjectDisposedException)
            {
                // Whatever fails once stopping began, or on a disposed connection pool, is the process being torn down.
                health.Stopped(Name);
                return;
            }
            catch (Exception e)
            {
                // A run that lasted longer than the longest back-off was a recovery: start the back-off over.
                if (Stopwatch.GetElapsedTime(started) > LastRestart)
                    backoff.Reset();
                var delay = backoff.Next();
                health.Failed(Name, e);
                WorkerMetrics.RecordFailure(Name);
                logger.LogError(e, "{Worker} failed; restarting it in {Delay} ms", Name, (int)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
