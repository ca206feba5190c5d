using FitnessDriver.Cli.Cost;
using FitnessDriver.Host;
using Microsoft.Extensions.Configuration;

namespace FitnessDriver.Cli.Bench;

/// <summary>What <c>fd bench ingest</c> runs.</summary>
/// <param name="Athletes">Athletes recording at once, each with an activity of its own.</param>
/// <param name="Seconds">Length of each athlete's recording (1 Hz samples with GPS).</param>
/// <param name="BatchSize">Samples per <c>POST /v1/activities/{id}/samples</c>.</param>
/// <param name="Concurrency">Requests in flight at most.</param>
/// <param name="DeviceFiles">Folder of real device files imported before sizes are measured; null leaves them out.</param>
/// <param name="Format">The body the samples are posted in.</param>
/// <param name="WarmUpSeconds">Length of the rides each warm-up round sends before the timed run (see <see cref="IngestWarmUp"/>); 0 sends none.</param>
/// <param name="Services">The services the host runs.</param>
/// <param name="Rounds">Timed live runs, each with athletes of its own and a COPY baseline after it.</param>
internal sealed record IngestBenchmarkSettings(int Athletes, int Seconds, int BatchSize, int Concurrency, DirectoryInfo? DeviceFiles,
    SampleFormat Format = SampleFormat.Compact, int WarmUpSeconds = 0, PlatformServices Services = PlatformServices.All, int Rounds = 1)
{
    /// <summary>Samples the live phase sends, and the COPY baseline writes.</summary>
    public long Samples => (long)Athletes * Seconds;
}

/// <summary>
/// Live ingest end to end on a host and private PostgreSQL started here: stored rows/s from the first POST until every
/// sample is in <c>timeseries.samples</c>, against a binary COPY of the same rows into a plain copy of that table in the
/// same database right before and right after it (see <see cref="CopyBaseline"/>), in rounds that alternate the two so
/// that a spell of other work on the machine moves one round, not the verdict; then bytes per stored sample (before
/// and, with TimescaleDB, after compression) and for real device files against the files' own size: channels, sealed
/// positions and the two together, and the rollups kept beside them.
/// </summary>
internal sealed class IngestBenchmark(IngestBenchmarkSettings settings)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("fd-bench-ingest-");
        try
        {
            var host = await BenchHost.StartAsync(data.FullName, "Starting the host and its PostgreSQL…", settings.Services, cancellationToken, BenchHost.NoRateLimits);
            await using (host)
            {
                await using var storage = SampleStorage.Of(host);
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 })
                {
                    BaseAddress = new Uri(host.Urls.First()), Timeout = TimeSpan.FromSeconds(60),
                };
                var liveStarted = DateTimeOffset.FromUnixTimeMilliseconds(LiveIngest.StartMilliseconds(settings)).UtcDateTime;
                var cpu = await CpuMeter.ForBenchHostAsync(data.FullName);
                var warmUp = settings.WarmUpSeconds > 0 ? await new IngestWarmUp(settings, http, storage, cpu).RunAsync(cancellationToken) : null;
                // Sealing off keeps positions in the samples' own columns, and the baseline COPYs them too.
                var plainPositions = !host.App.Configuration.GetValue("Privacy:SealEvents", true);
                List<CopyBaselineResult> copies = [await CopyBaseline.RunAsync(settings, storage, plainPositions, cpu, "before round 1", cancellationToken)];
                List<LiveIngestResult> rounds = [];
                for (var round = 1; round <= settings.Rounds; round++)
                {
                    rounds.Add(await new LiveIngest(settings, http, storage, cpu, LiveIngest.StartMilliseconds(settings), $"Round {round}: ").RunAsync(cancellationToken));
                    copies.Add(await CopyBaseline.RunAsync(settings, storage, plainPositions, cpu, $"after round {round}", cancellationToken));
                }

                var liveSize = await storage.MeasureAsync(cancellationToken);
                var livePositions = await storage.PositionsBytesAsync(cancellationToken);
                var devices = settings.DeviceFiles is null ? null : await DeviceFileImport.RunAsync(settings.DeviceFiles, http, storage, liveSize, cancellationToken);
                var total = devices?.After ?? liveSize;
                var positionsBytes = await storage.PositionsBytesAsync(cancellationToken);
                var compressed = await storage.CompressAsync(cancellationToken);
                // Device files are rides of years ago: the chunks that end a day before the live rides began hold only theirs.
                var deviceChunks = devices is null ? null : await storage.MeasureChunksBeforeAsync(liveStarted.AddDays(-1), cancellationToken);
                var deviceRows = devices is null ? null : await storage.CompressedRowBytesBeforeAsync(liveStarted.AddDays(-1), cancellationToken);
                var sizes = new StorageFigures(positionsBytes, positionsBytes - livePositions, deviceChunks, await storage.RollupBytesAsync(cancellationToken),
                    deviceRows, devices is null ? 0 : await storage.PositionRowBytesAsync(devices.AthleteId, cancellationToken));
                IngestReport.Print(settings, warmUp, rounds, copies, liveSize, devices, total, compressed, sizes);
                return rounds.All(live => live.Stored == settings.Samples && live.Failed == 0) ? 0 : 1;
            }
        }
        finally
        {
            await BenchHost.RemoveAsync(data.FullName);
        }
    }
}
