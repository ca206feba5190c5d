using FitnessDriver.Cli.Bench;
using FitnessDriver.Contracts;
using FitnessDriver.EventLog;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace FitnessDriver.Cli.Cost;

/// <summary>What <c>fd cost</c> measures with: ingest load, and the idle WebSockets.</summary>
/// <param name="Athletes">Athletes recording at once in the ingest phase.</param>
/// <param name="Seconds">Length of each of their rides (1 Hz samples with GPS).</param>
/// <param name="Sockets">Notification WebSockets held open in the idle phase.</param>
/// <param name="Hold">How long the idle phase holds them, and waits without them for its baseline.</param>
/// <param name="WarmUpSeconds">Length of the rides of each warm-up round before ingest is measured (see <see cref="Bench.IngestWarmUp"/>); 0 measures a cold host.</param>
internal sealed record CostMeasurementSettings(int Athletes, int Seconds, int Sockets, TimeSpan Hold, int WarmUpSeconds = 0);

/// <summary>
/// Measures the platform's costs per unit of work on a host and private PostgreSQL started here, one phase after the
/// other: live ingest (CPU, database and log growth), reading the recordings back, compressing, notifications, and
/// idle WebSockets. CPU is counted above what the idle host uses.
/// </summary>
internal sealed class CostMeasurement(CostMeasurementSettings settings)
{
    private const int BatchSize = 60;
    private const int Concurrency = 32;
    private static readonly TimeSpan IdleBaseline = TimeSpan.FromSeconds(10);

    public async Task<MeasuredInputs> RunAsync(CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("fd-cost-");
        try
        {
            var host = await BenchHost.StartAsync(data.FullName, "Starting the host and its PostgreSQL…", cancellationToken,
                [.. BenchHost.NoRateLimits, "--RateLimits:WebSocketsPerAthlete=1000000", "--RateLimits:WebSockets=1000000"]);
            await using (host)
            {
                await using var storage = SampleStorage.Of(host);
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(host.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
                var log = host.App.Services.GetRequiredService<IEventLog>();
                var meter = await CpuMeter.ForBenchHostAsync(data.FullName);
                var ingest = new IngestBenchmarkSettings(settings.Athletes, settings.Seconds, BatchSize, Concurrency, null, SampleFormat.Json, settings.WarmUpSeconds);
                var warmUp = settings.WarmUpSeconds > 0 ? await WarmUpAsync(ingest, http, storage, meter, cancellationToken) : null;
                var (databaseBefore, logBefore) = (await storage.DatabaseBytesAsync(cancellationToken), await LogBytesAsync(log, cancellationToken));
                var cpu = await AnsiConsole.Status().StartAsync($"Idle baseline: {IdleBaseline.TotalSeconds:N0} s of the host doing nothing…",
                    _ => CpuAboveIdle.CalibrateAsync(meter, IdleBaseline, cancellationToken));

                var (live, ingestCpu) = await cpu.MeasureAsync(() =>
                    new LiveIngest(ingest, http, storage, meter).RunAsync(cancellationToken));
                if (live.Stored == 0)
                    throw new InvalidOperationException("No sample was stored: nothing to measure.");
                var stored = (await storage.DatabaseBytesAsync(cancellationToken) - databaseBefore) / (double)live.Stored;
                var logged = (await LogBytesAsync(log, cancellationToken) - logBefore) / (double)live.Stored;

                var reads = await StreamReads.MeasureAsync(live.Recordings, cpu, cancellationToken);
                var compression = await AnsiConsole.Status().StartAsync("Compressing the samples' chunks…", _ => storage.CompressAsync(cancellationToken));
                double? compressed = compression.After is null ? null : (await storage.DatabaseBytesAsync(cancellationToken) - databaseBefore) / (double)live.Stored;
                var notifications = await NotificationCost.MeasureAsync(http, storage, cpu, cancellationToken);
                var sockets = await IdleWebSockets.MeasureAsync([.. live.Recordings.Select(r => r.Client)], settings.Sockets, settings.Hold, meter, cancellationToken);
                return new MeasuredInputs
                {
                    Source = Describe(warmUp, live, ingestCpu, reads, notifications, sockets, cpu, compression.NotMeasured),
                    CpuSecondsPerSampleIngested = Math.Max(0, ingestCpu.Total.TotalSeconds) / live.Stored,
                    StoredBytesPerSample = stored,
                    CompressedBytesPerSample = compressed,
                    LogBytesPerSample = logged,
                    CpuSecondsPerSampleRead = reads.Samples == 0 ? 0 : Math.Max(0, reads.Cpu.Total.TotalSeconds) / reads.Samples,
                    BytesPerSampleRead = reads.Samples == 0 ? 0 : reads.Bytes / (double)reads.Samples,
                    CpuSecondsPerNotification = notifications.CpuSecondsEach,
                    CpuSecondsPerWebSocketHour = sockets.CpuSecondsPerHour,
                    MemoryBytesPerWebSocket = sockets.BytesEach,
                };
            }
        }
        finally
        {
            await BenchHost.RemoveAsync(data.FullName);
        }
    }

    /// <summary>
    /// Warms the host up with rides a month before the measured ones, then compresses their chunks: the measured phase
    /// then writes chunks of its own, and the sizes measured over it (compressed or not) are its alone.
    /// </summary>
    private static async Task<IngestWarmUpResult> WarmUpAsync(IngestBenchmarkSettings ingest, HttpClient http, SampleStorage storage, CpuMeter meter,
        CancellationToken cancellationToken)
    {
        var warmUp = await new IngestWarmUp(ingest, http, storage, meter, TimeSpan.FromDays(30)).RunAsync(cancellationToken);
        await AnsiConsole.Status().StartAsync("Compressing the warm-up's chunks…", _ => storage.CompressAsync(cancellationToken));
        return warmUp;
    }

    /// <summary>The end of the samples topic summed over its partitions: bytes on the embedded log.</summary>
    private static async Task<long> LogBytesAsync(IEventLog log, CancellationToken cancellationToken) =>
        (await log.GetWatermarksAsync(Topics.TelemetrySamples, cancellationToken)).Values.Sum(w => w.High);

    private string Describe(IngestWarmUpResult? warmUp, LiveIngestResult live, CpuTime ingestCpu, StreamReadResult reads, NotificationCostResult notifications, IdleWebSocketResult sockets,
        CpuAboveIdle cpu, string? notCompressed)
    {
        var postgres = cpu.Meter.SeesPostgres
            ? FormattableString.Invariant($"and PostgreSQL's ({ingestCpu.Postgres / ingestCpu.Total:P0} of ingest)")
            : "only: PostgreSQL's could not be read";
        return FormattableString.Invariant(
            $"Measured by fd cost on {Environment.MachineName} ({Environment.ProcessorCount} cores) at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {live.Stored:N0} samples from {settings.Athletes:N0} athletes ({live.Failed} failed batches{(warmUp is null ? ", host cold" : $", after {warmUp.Stored:N0} warming it up")}), {reads.Samples:N0} read back, {notifications.Delivered:N0} notifications, {sockets.Sockets:N0} WebSockets held {settings.Hold.TotalSeconds:N0} s. CPU is this process's (host and load generator alike) {postgres}, above an idle host's {cpu.IdleCpuPerSecond * 1000:N0} CPU-ms/s ({sockets.IdleCpuPerSecond * 1000:N0} at the end). {notCompressed ?? "Compressed with TimescaleDB's compress_chunk."}");
    }
}
