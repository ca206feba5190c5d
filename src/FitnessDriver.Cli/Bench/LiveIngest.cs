using System.Diagnostics;
using System.Net;
using FitnessDriver.Cli.Cost;
using FitnessDriver.Cli.Simulate;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.EventLog;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>
/// What the live phase measured: samples acknowledged and stored, failed batches, the wall time from the first POST
/// until all were stored, and the recordings (each athlete's client and activity).
/// </summary>
internal sealed record LiveIngestResult(long Acknowledged, long Stored, int Failed, TimeSpan Posting, TimeSpan Wall,
    IReadOnlyList<(FitnessDriverClient Client, Guid ActivityId)> Recordings, CpuTime Cpu);

/// <summary>
/// Athletes sign up and open an activity each, then send their recordings in batches through the public API as fast as
/// the host takes them (the request bodies encoded beforehand, as the baseline's rows are generated before its clock
/// starts), while the samples stored are polled every 100 ms (see <see cref="SampleStorage.StoredAsync"/>). Once the last
/// is acknowledged, the writer's log positions are polled every 2 ms until they reach where the log ended then (see
/// <see cref="SampleStorage.WriterReachedAsync"/>): the clock stops within a few milliseconds of the commit that stored
/// the last sample, with no large query in the writer's way. The samples stored are then counted, and
/// <c>SELECT count(*) FROM timeseries.samples</c> confirms the count. Rows stored before the run (a warm-up's) are
/// counted beforehand and left out.
/// </summary>
/// <param name="settings">Athletes, ride length and how they are sent.</param>
/// <param name="http">The host's API.</param>
/// <param name="storage">Where the stored samples are counted.</param>
/// <param name="cpu">Reads the CPU time the run used.</param>
/// <param name="start">When every recording starts (Unix milliseconds).</param>
/// <param name="phase">Prefix of the progress lines, naming the run.</param>
internal sealed class LiveIngest(IngestBenchmarkSettings settings, HttpClient http, SampleStorage storage, CpuMeter cpu, long start, string phase = "")
{
    private const int SignUpConcurrency = 16;
    private const int MaxAttempts = 5;
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FinalPollInterval = TimeSpan.FromMilliseconds(2);
    private long acknowledged;
    private int failed;

    /// <summary>The start of every recording: the same for the live phase and the COPY baseline.</summary>
    public static long StartMilliseconds(IngestBenchmarkSettings settings) =>
        DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - settings.Seconds - 60).ToUnixTimeMilliseconds() / 60_000 * 60_000;

    public LiveIngest(IngestBenchmarkSettings settings, HttpClient http, SampleStorage storage, CpuMeter cpu)
        : this(settings, http, storage, cpu, StartMilliseconds(settings))
    {
    }

    public async Task<LiveIngestResult> RunAsync(CancellationToken cancellationToken)
    {
        var athletes = await AnsiConsole.Status().StartAsync($"{phase}Signing up {settings.Athletes:N0} athletes and opening their activities…",
            _ => OpenRidesAsync(http, settings.Athletes, start, "Ingest", cancellationToken));

        var bodies = await AnsiConsole.Status().StartAsync($"{phase}Encoding {settings.Samples:N0} samples into request bodies…",
            _ => Task.FromResult(EncodeRecordings(start)));
        var storedBefore = await storage.StoredAsync(cancellationToken);
        var countedBefore = storedBefore == 0 ? 0 : await storage.CountAsync(cancellationToken);
        LiveIngestResult result = null!;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var posted = progress.AddTask($"{phase}Acknowledged (202)", maxValue: settings.Samples);
                var stored = progress.AddTask($"{phase}Stored in timeseries.samples", maxValue: settings.Samples);
                var cpuBefore = cpu.Read();
                var started = Stopwatch.GetTimestamp();
                var posting = Parallel.ForEachAsync(Enumerable.Range(0, settings.Athletes),
                    new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                    async (i, ct) => await SendRecordingAsync(athletes[i].Client, athletes[i].ActivityId, bodies[i], posted, ct));
                var count = 0L;
                TimeSpan? postingTime = null;
                IReadOnlyDictionary<TopicPartition, Watermarks>? logEnd = null;
                var wall = TimeSpan.Zero;
                var counted = TimeSpan.Zero;
                while ((wall = Stopwatch.GetElapsedTime(started)) < StoreTimeout)
                {
                    if (posting.IsCompleted && postingTime is null)
                    {
                        await posting;
                        postingTime = Stopwatch.GetElapsedTime(started);
                        logEnd = await storage.LogEndAsync(cancellationToken);
                    }

                    var reached = logEnd is not null && await storage.WriterReachedAsync(logEnd, cancellationToken);
                    wall = Stopwatch.GetElapsedTime(started);
                    if (reached || wall - counted >= PollInterval)
                    {
                        counted = wall;
                        count = await storage.StoredAsync(cancellationToken) - storedBefore;
                        stored.Value = count;
                        if (postingTime is not null && count >= Interlocked.Read(ref acknowledged))
                        {
                            // Found by the count rather than the positions: the last commit came before the count's end.
                            wall = reached ? wall : Stopwatch.GetElapsedTime(started);
                            break;
                        }
                    }

                    await Task.Delay(postingTime is null ? PollInterval : FinalPollInterval, cancellationToken);
                }

                var used = cpu.Read() - cpuBefore;
                await posting;
                count = await storage.CountAsync(cancellationToken) - countedBefore;
                result = new LiveIngestResult(Interlocked.Read(ref acknowledged), count, failed, postingTime ?? wall, wall, athletes, used);
            });
        return result;
    }

    /// <summary>Signs up <paramref name="count"/> athletes, each with a ride of its own that starts at <paramref name="start"/> (Unix milliseconds).</summary>
    public static async Task<(FitnessDriverClient Client, Guid ActivityId)[]> OpenRidesAsync(HttpClient http, int count, long start, string label,
        CancellationToken cancellationToken)
    {
        var rides = new (FitnessDriverClient Client, Guid ActivityId)[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = SignUpConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var client = await FitnessDriverClient.SignUpAsync(http, $"{label} athlete {i + 1}", ct);
                var activityId = Guid.NewGuid();
                await client.PutActivityAsync(activityId, Sport.Ride, DateTimeOffset.FromUnixTimeMilliseconds(start), $"{label} ride {i + 1}", ct);
                rides[i] = (client, activityId);
            });
        return rides;
    }

    /// <summary>Each athlete's recording as the bodies of its POSTs, with the samples each holds.</summary>
    private (byte[] Body, int Samples)[][] EncodeRecordings(long start) =>
        [.. Enumerable.Range(0, settings.Athletes).Select(index =>
        {
            var workout = new Workout(Sport.Ride, start, index);
            var deviceId = $"ingest-{DeviceKinds.BikeComputer}-{index + 1}";
            return Enumerable.Range(0, (settings.Seconds + settings.BatchSize - 1) / settings.BatchSize).Select(b =>
            {
                var batch = Enumerable.Range(0, Math.Min(settings.BatchSize, settings.Seconds - (b * settings.BatchSize))).Select(_ => workout.Next()).ToArray();
                return (settings.Format.Encode(deviceId, batch, DeviceKinds.BikeComputer), batch.Length);
            }).ToArray();
        })];

    private async Task SendRecordingAsync(FitnessDriverClient client, Guid activityId, (byte[] Body, int Samples)[] recording, ProgressTask posted,
        CancellationToken cancellationToken)
    {
        foreach (var (body, samples) in recording)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await client.PostEncodedSamplesAsync(activityId, body, settings.Format.MediaType(), cancellationToken);
                    Interlocked.Add(ref acknowledged, samples);
                    posted.Increment(samples);
                    break;
                }
                catch (Exception e) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested
                    && e is HttpRequestException or TaskCanceledException or ApiProblemException { Status: HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests })
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ApiProblemException && !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    break;
                }
            }
        }
    }
}
