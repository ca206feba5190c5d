using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessDriver.Hosting;

/// <summary>
/// The state of every <see cref="SupervisedWorker"/> in the process, reported by the <c>workers</c> readiness check:
/// unhealthy while a worker waits to be restarted after a failure, degraded while it runs again after failing
/// repeatedly, healthy otherwise (the description keeps its last failure).
/// </summary>
public sealed class WorkerHealth : IHealthCheck
{
    private readonly ConcurrentDictionary<string, WorkerState> workers = new(StringComparer.Ordinal);
    private readonly TimeProvider clock;

    /// <summary>Creates an empty registry.</summary>
    public WorkerHealth(TimeProvider? clock = null) => this.clock = clock ?? TimeProvider.System;

    /// <summary>The state of one worker.</summary>
    /// <param name="Status">running, restarting or stopped.</param>
    /// <param name="Failures">Failures since the process started.</param>
    /// <param name="FailuresInARow">Failures since the last run that did not fail.</param>
    /// <param name="LastFailure">The last failure's message, if any.</param>
    /// <param name="LastFailureAt">When it happened.</param>
    public sealed record WorkerState(string Status, int Failures, int FailuresInARow, string? LastFailure, DateTimeOffset? LastFailureAt);

    /// <summary>The workers and their states.</summary>
    public IReadOnlyDictionary<string, WorkerState> Workers => workers;

    internal void Register(string name) => workers.TryAdd(name, new WorkerState("starting", 0, 0, null, null));

    internal void Running(string name) => workers.AddOrUpdate(name, _ => new WorkerState("running", 0, 0, null, null),
        (_, state) => state with { Status = "running" });

    internal void Stopped(string name) => workers.AddOrUpdate(name, _ => new WorkerState("stopped", 0, 0, null, null),
        (_, state) => state with { Status = "stopped", FailuresInARow = 0 });

    internal void Failed(string name, Exception error)
    {
        var at = clock.GetUtcNow();
        var reason = $"{error.GetType().Name}: {error.Message}";
        workers.AddOrUpdate(name, _ => new WorkerState("restarting", 1, 1, reason, at),
            (_, state) => new WorkerState("restarting", state.Failures + 1, state.FailuresInARow + 1, reason, at));
    }

    /// <summary>A run that got past the point where it failed before: the failures in a row are over.</summary>
    internal void Recovered(string name) => workers.AddOrUpdate(name, _ => new WorkerState("running", 0, 0, null, null),
        (_, state) => state.FailuresInARow == 0 ? state : state with { FailuresInARow = 0 });

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = workers.OrderBy(w => w.Key, StringComparer.Ordinal).ToList();
        var description = string.Join("; ", states.Select(w => Describe(w.Key, w.Value)));
        var data = states.ToDictionary(w => w.Key, w => (object)w.Value);
        if (states.Any(w => w.Value.Status == "restarting"))
            return Task.FromResult(HealthCheckResult.Unhealthy(description, data: data));
        if (states.Any(w => w.Value.FailuresInARow > 0))
            return Task.FromResult(HealthCheckResult.Degraded(description, data: data));
        return Task.FromResult(HealthCheckResult.Healthy(description, data));
    }

    private static string Describe(string name, WorkerState state) => state.LastFailure is null
        ? $"{name} {state.Status}"
        : $"{name} {state.Status} ({state.Failures} failures, {state.FailuresInARow} in a row; last at {state.LastFailureAt:O}: {state.LastFailure})";
}
