using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using FitnessDriver.Cli.Import;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices;
using FitnessDriver.Devices.Fit;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>Settings of <see cref="ArchiveBenchmark"/>.</summary>
internal sealed record ArchiveBenchmarkSettings(int Files, int Seconds, int PaddingMegabytes);

/// <summary>
/// Bulk history import: a generated archive of N rides (FIT, 1 Hz) goes through <c>POST /v1/imports/archives</c> on a host
/// and PostgreSQL started here, until the job finishes. Prints files/s, samples/s and peak RSS next to the baseline of
/// decoding the same archive's files in this process without the platform.
/// </summary>
internal sealed class ArchiveBenchmark(ArchiveBenchmarkSettings settings)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("fd-bench-archive-");
        try
        {
            var archive = Path.Combine(work.FullName, "history.zip");
            await GenerateAsync(archive, cancellationToken);
            var baseline = Decode(archive);
            var data = Path.Combine(work.FullName, "data");
            await using (var host = await BenchHost.StartAsync(data, "Starting the host and its PostgreSQL…", cancellationToken))
            {
                using var http = new HttpClient { BaseAddress = new Uri(host.Urls.First()), Timeout = TimeSpan.FromMinutes(30) };
                var client = await FitnessDriverClient.SignUpAsync(http, "Archive benchmark", cancellationToken);
                var resetWorked = PeakMemory.Reset();
                var idle = PeakMemory.Bytes();
                var started = Stopwatch.GetTimestamp();
                ArchiveImportStatusView status;
                await using (var upload = File.OpenRead(archive))
                {
                    var accepted = await client.UploadArchiveAsync(upload, cancellationToken: cancellationToken);
                    var uploaded = Stopwatch.GetElapsedTime(started);
                    var done = await ArchiveProgress.FollowAsync(client, accepted.ImportId, cancellationToken);
                    status = new ArchiveImportStatusView(done.Status, done.Files.Imported, done.Files.Failed, done.Samples, uploaded, Stopwatch.GetElapsedTime(started));
                }

                Print(baseline, status, new FileInfo(archive).Length, idle, PeakMemory.Bytes(), resetWorked);
                return status.Status == "finished" && status.Imported == settings.Files ? 0 : 1;
            }
        }
        finally
        {
            await BenchHost.RemoveAsync(Path.Combine(work.FullName, "data"));
            work.Delete(recursive: true);
        }
    }

    private sealed record ArchiveImportStatusView(string Status, int Imported, int Failed, long Samples, TimeSpan Uploaded, TimeSpan Wall);

    private sealed record DecodeBaseline(int Files, long Samples, TimeSpan Wall);

    private async Task GenerateAsync(string path, CancellationToken cancellationToken)
    {
        var lastStart = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds());
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Writing {settings.Files:N0} rides of {settings.Seconds:N0} s", maxValue: settings.Files);
                await using var file = File.Create(path);
                using var zip = new ZipArchive(file, ZipArchiveMode.Create);
                for (var i = 0; i < settings.Files; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await using var entry = zip.CreateEntry($"activities/{i + 1:D6}.fit", CompressionLevel.Fastest).Open();
                    await entry.WriteAsync(Ride(lastStart.AddHours(-2 * i)), cancellationToken);
                    task.Increment(1);
                }

                if (settings.PaddingMegabytes > 0)
                {
                    // Photos and the like: most of an export's bytes, stored as they are and skipped by the import.
                    var padding = progress.AddTask($"Writing {settings.PaddingMegabytes:N0} MiB of media", maxValue: settings.PaddingMegabytes);
                    await using var media = zip.CreateEntry("media/videos.bin", CompressionLevel.NoCompression).Open();
                    var random = new Random(7);
                    var block = new byte[1024 * 1024];
                    for (var i = 0; i < settings.PaddingMegabytes; i++)
                    {
                        random.NextBytes(block);
                        await media.WriteAsync(block, cancellationToken);
                        padding.Increment(1);
                    }
                }
            });
    }

    /// <summary>A ride at 8 m/s with heart rate, power and cadence, as a bike computer writes it.</summary>
    private byte[] Ride(DateTimeOffset start)
    {
        using var output = new MemoryStream();
        var writer = new FitWriter(output);
        var from = start.ToUnixTimeMilliseconds();
        writer.WriteFileId(manufacturer: 1, product: 3121, serialNumber: 3_945_849_289, from);
        for (var i = 0; i < settings.Seconds; i++)
            writer.WriteRecord(new Sample(from + i * 1000L, Hr: 125 + i % 30, Power: 180 + i % 60, Cadence: 88, Speed: 8, Distance: i * 8.0));
        var end = from + (settings.Seconds - 1) * 1000L;
        writer.WriteLap(from, end, (settings.Seconds - 1) * 8.0);
        writer.WriteSession(Sport.Ride, from, end, (settings.Seconds - 1) * 8.0);
        writer.Complete();
        return output.ToArray();
    }

    private static DecodeBaseline Decode(string path)
    {
        var started = Stopwatch.GetTimestamp();
        long samples = 0;
        var files = 0;
        AnsiConsole.Status().Start("Baseline: decoding every file of the archive here, without the platform…", _ =>
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".fit", StringComparison.Ordinal)))
            {
                using var copy = new MemoryStream();
                using (var source = entry.Open())
                    source.CopyTo(copy);
                copy.Position = 0;
                samples += ActivityFileDecoder.Read(copy).Samples.LongCount();
                files++;
            }
        });
        return new DecodeBaseline(files, samples, Stopwatch.GetElapsedTime(started));
    }

    private static void Print(DecodeBaseline baseline, ArchiveImportStatusView import, long archiveBytes, long idleBytes, long peakBytes, bool resetWorked)
    {
        static string Rate(double count, TimeSpan wall) => (count / wall.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("phase", "files", "samples", "wall s", "files/s", "samples/s");
        table.AddRow("decode only (baseline)", baseline.Files.ToString("N0", CultureInfo.InvariantCulture), baseline.Samples.ToString("N0", CultureInfo.InvariantCulture),
            baseline.Wall.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), Rate(baseline.Files, baseline.Wall), Rate(baseline.Samples, baseline.Wall));
        table.AddRow("archive import (upload to job finished)", import.Imported.ToString("N0", CultureInfo.InvariantCulture), import.Samples.ToString("N0", CultureInfo.InvariantCulture),
            import.Wall.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), Rate(import.Imported, import.Wall), Rate(import.Samples, import.Wall));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Job [bold]{import.Status}[/], {import.Failed} failed. Archive {archiveBytes / 1048576.0:F1} MiB, uploaded and stored in {import.Uploaded.TotalSeconds:F1} s. Import at [bold]{import.Samples / import.Wall.TotalSeconds / (baseline.Samples / baseline.Wall.TotalSeconds):P0}[/] of the decode-only rate.");
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Peak RSS of this process (host, its workers and this client) during the import: [bold]{peakBytes / 1048576.0:F0} MiB[/], {(peakBytes - idleBytes) / 1048576.0:F0} MiB above the idle host{(resetWorked ? "" : " (peak since start: the kernel did not allow a reset)")}.");
    }
}
