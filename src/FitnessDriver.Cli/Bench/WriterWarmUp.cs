using System.Diagnostics;
using FitnessDriver.Cli.Simulate;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>
/// Runs the samples writer through many small transactions. The warm-up's rounds store many rows in few transactions
/// (the writer gathers a quarter of a second of batches into each), so code that runs once a transaction would reach
/// the JIT's tier-up counts only inside the timed run, and run unoptimised there, as a long-running host's does not.
/// Here a few athletes each send one request's samples, the samples are awaited in storage, and that repeats: every
/// write is at least one transaction of each writer that holds one of their partitions, large enough that its COPY
/// sends more than one block.
/// </summary>
/// <param name="settings">The body format the timed run uses.</param>
/// <param name="http">The host's API.</param>
/// <param name="storage">Where the stored samples are counted.</param>
/// <param name="start">When the athletes' rides start (Unix milliseconds), at least <see cref="RideLength"/> before any other ride.</param>
internal sealed class WriterWarmUp(IngestBenchmarkSettings settings, HttpClient http, SampleStorage storage, long start)
{
    /// <summary>Transactions of each writer: past the counts after which the JIT instruments a method and then optimises it.</summary>
    public const int Writes = 80;

    /// <summary>Athletes a write: enough that every partition of the topic is almost surely written to in each.</summary>
    private const int Athletes = 12;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromMinutes(1);

    /// <summary>How long each athlete's ride lasts (1 Hz samples, one request's worth a write): it must end before the rides after it start.</summary>
    public static TimeSpan RideLength(IngestBenchmarkSettings settings) => TimeSpan.FromSeconds((long)Writes * settings.BatchSize);

    /// <summary>Samples stored.</summary>
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        var recordings = (await LiveIngest.OpenRidesAsync(http, Athletes, start, "Writer warm-up", cancellationToken))
            .Select((ride, i) => (ride.Client, ride.ActivityId, Workout: new Workout(Sport.Ride, start, 1_000_000 + i))).ToArray();

        var target = await storage.StoredAsync(cancellationToken);
        var first = target;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Warm-up: {Writes} small writes, each awaited in storage", maxValue: Writes);
                for (var write = 0; write < Writes; write++)
                {
                    await Task.WhenAll(recordings.Select(r =>
                    {
                        var samples = Enumerable.Range(0, settings.BatchSize).Select(_ => r.Workout.Next()).ToArray();
                        var body = settings.Format.Encode($"warm-up-{DeviceKinds.BikeComputer}", samples, DeviceKinds.BikeComputer);
                        return r.Client.PostEncodedSamplesAsync(r.ActivityId, body, settings.Format.MediaType(), cancellationToken);
                    }));
                    target += Athletes * settings.BatchSize;
                    await WaitUntilStoredAsync(target, cancellationToken);
                    task.Increment(1);
                }
            });
        return target - first;
    }

    private async Task WaitUntilStoredAsync(long samples, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (await storage.StoredAsync(cancellationToken) < samples)
        {
            if (Stopwatch.GetElapsedTime(started) > StoreTimeout)
                throw new TimeoutException($"The warm-up's samples were acknowledged but not all stored within {StoreTimeout.TotalSeconds:N0} s; is the samples writer running?");
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
