using System.Diagnostics;
using System.Globalization;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>What <c>fd bench sealing</c> runs.</summary>
/// <param name="Athletes">Athletes recording at once.</param>
/// <param name="Batches">Batches each athlete sends in the measured phase.</param>
/// <param name="SamplesPerBatch">Samples (1 Hz, with GPS) per batch.</param>
/// <param name="Concurrency">Requests in flight at most.</param>
/// <param name="Rounds">How many times both modes run, alternating.</param>
internal sealed record SealingSettings(int Athletes, int Batches, int SamplesPerBatch, int Concurrency, int Rounds);

/// <summary>
/// What encrypting athletes' data costs: the same live-recording load against the all-in-one host with sealing off
/// (the baseline) and on, each on a fresh data directory and private PostgreSQL started by this command. Prints
/// acknowledged samples per second, acknowledgement latency and the time until every sample is stored.
/// </summary>
internal sealed class SealingBenchmark(SealingSettings settings)
{
    private const int WarmUpBatches = 5;

    private sealed record Result(string Mode, int Round, double SamplesPerSecond, double P50, double P99, double Max, TimeSpan StoredAfter);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<Result>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var sealing in new[] { false, true })
                results.Add(await RunModeAsync(sealing, round, cancellationToken));
        }

        Print(results);
        return 0;
    }

    private async Task<Result> RunModeAsync(bool sealing, int round, CancellationToken cancellationToken)
    {
        var mode = sealing ? "sealed" : "plain (baseline)";
        var data = Directory.CreateTempSubdirectory("fd-bench-sealing-");
        try
        {
            var host = await BenchHost.StartAsync(data.FullName, $"Round {round}, {mode}: starting the host and its PostgreSQL…", cancellationToken,
                [$"--Privacy:SealEvents={sealing}", .. BenchHost.NoRateLimits]);
            await using (host)
            {
                using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency };
                using var http = new HttpClient(handler) { BaseAddress = new Uri(host.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
                // The whole ride lies in the past (the API refuses samples more than 10 minutes ahead), however many batches.
                var rideSeconds = (WarmUpBatches + settings.Batches) * settings.SamplesPerBatch;
                var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - rideSeconds - 60);
                var athletes = await PrepareAsync(http, start, cancellationToken);
                await SendAsync(athletes, start, 0, WarmUpBatches, $"Round {round}, {mode}: warm-up (not counted)", cancellationToken);
                var started = Stopwatch.GetTimestamp();
                var latencies = await SendAsync(athletes, start, WarmUpBatches, settings.Batches, $"Round {round}, {mode}: {settings.Athletes} athletes recording", cancellationToken);
                var wall = Stopwatch.GetElapsedTime(started);
                var expected = (WarmUpBatches + settings.Batches) * settings.SamplesPerBatch;
                await AnsiConsole.Status().StartAsync($"Round {round}, {mode}: waiting until every sample is stored…", async _ =>
                    await UntilStoredAsync(athletes, expected, cancellationToken));
                var storedAfter = Stopwatch.GetElapsedTime(started);
                Array.Sort(latencies);
                return new Result(mode, round, latencies.Length * settings.SamplesPerBatch / wall.TotalSeconds,
                    Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1], storedAfter);
            }
        }
        finally
        {
            await BenchHost.RemoveAsync(data.FullName);
        }
    }

    private async Task<List<(FitnessDriverClient Client, Guid ActivityId)>> PrepareAsync(HttpClient http, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var athletes = new (FitnessDriverClient, Guid)[settings.Athletes];
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Athletes),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var client = await FitnessDriverClient.SignUpAsync(http, string.Create(CultureInfo.InvariantCulture, $"Rider {i + 1}"), ct);
                var activityId = Guid.NewGuid();
                await client.PutActivityAsync(activityId, Sport.Ride, start, "Morning ride", ct);
                athletes[i] = (client, activityId);
            });
        return [.. athletes];
    }

    /// <summary>Each athlete sends batches <paramref name="first"/>… of its ride in order; returns each batch's acknowledgement latency (ms).</summary>
    private async Task<double[]> SendAsync(List<(FitnessDriverClient Client, Guid ActivityId)> athletes, DateTimeOffset start, int first, int count, string title,
        CancellationToken cancellationToken)
    {
        var latencies = new double[athletes.Count * count];
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(title, maxValue: latencies.Length);
                await Parallel.ForEachAsync(Enumerable.Range(0, athletes.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken }, async (a, ct) =>
                    {
                        var (client, activityId) = athletes[a];
                        var ride = Ride(start, a, first, count);
                        for (var b = 0; b < count; b++)
                        {
                            var sent = Stopwatch.GetTimestamp();
                            await client.PostSamplesAsync(activityId, "bike-computer", ride[b], cancellationToken: ct);
                            latencies[a * count + b] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                            task.Increment(1);
                        }
                    });
            });
        return latencies;
    }

    /// <summary>Batches of a 1 Hz ride with heart rate, power, speed, distance and GPS, each athlete somewhere else.</summary>
    private Sample[][] Ride(DateTimeOffset start, int athlete, int firstBatch, int batches)
    {
        var lat = 43.0 + athlete * 0.001;
        return Enumerable.Range(firstBatch, batches).Select(b => Enumerable.Range(b * settings.SamplesPerBatch, settings.SamplesPerBatch)
            .Select(i => new Sample(start.ToUnixTimeMilliseconds() + i * 1000L, Hr: 130 + i % 30, Power: 200 + i % 50, Cadence: 88, Speed: 8.5f,
                Distance: i * 8.5, Lat: lat, Lon: 42.0 + i * 0.0001, Alt: 500)).ToArray()).ToArray();
    }

    private async Task UntilStoredAsync(List<(FitnessDriverClient Client, Guid ActivityId)> athletes, int expected, CancellationToken cancellationToken)
    {
        var pending = athletes;
        while (pending.Count > 0)
        {
            var stillPending = new System.Collections.Concurrent.ConcurrentBag<(FitnessDriverClient, Guid)>();
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                async (athlete, ct) =>
                {
                    if ((await athlete.Client.GetActivityAsync(athlete.ActivityId, ct)).SampleCount < expected)
                        stillPending.Add(athlete);
                });
            pending = [.. stillPending];
            if (pending.Count > 0)
                await Task.Delay(200, cancellationToken);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private void Print(List<Result> results)
    {
        var table = new Table().AddColumns("round", "mode", "samples/s acknowledged", "ack p50 ms", "ack p99 ms", "ack max ms", "all stored after s");
        foreach (var r in results)
        {
            table.AddRow(r.Round.ToString(CultureInfo.InvariantCulture), r.Mode, r.SamplesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                r.P50.ToString("F1", CultureInfo.InvariantCulture), r.P99.ToString("F1", CultureInfo.InvariantCulture), r.Max.ToString("F1", CultureInfo.InvariantCulture),
                r.StoredAfter.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        var plain = results.Where(r => r.Mode.StartsWith("plain", StringComparison.Ordinal)).ToList();
        var sealedRuns = results.Where(r => r.Mode == "sealed").ToList();
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"{settings.Athletes} athletes × {settings.Batches} batches × {settings.SamplesPerBatch} samples, {settings.Concurrency} in flight. Sealed vs plain (best of {settings.Rounds}): throughput [bold]{sealedRuns.Max(r => r.SamplesPerSecond) / plain.Max(r => r.SamplesPerSecond):P0}[/], ack p99 [bold]{sealedRuns.Min(r => r.P99):F1} ms vs {plain.Min(r => r.P99):F1} ms[/], stored after [bold]{sealedRuns.Min(r => r.StoredAfter.TotalSeconds):F1} s vs {plain.Min(r => r.StoredAfter.TotalSeconds):F1} s[/].");
    }
}
