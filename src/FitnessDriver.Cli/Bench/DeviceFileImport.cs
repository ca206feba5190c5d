using System.Diagnostics;
using FitnessDriver.Client;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>The real device files imported: how many went in or were refused, their bytes and samples, and the samples' size before and after.</summary>
internal sealed record DeviceFileImportResult(int Imported, int Refused, long FileBytes, long Samples, StorageSize Before, StorageSize After, Guid AthleteId)
{
    /// <summary>Bytes per sample the files themselves take: the device's own baseline.</summary>
    public double FileBytesPerSample => Samples == 0 ? 0 : (double)FileBytes / Samples;

    /// <summary>Bytes per sample these rides added to <c>timeseries.samples</c>.</summary>
    public double StoredBytesPerSample => After.Rows == Before.Rows ? 0 : (double)(After.Bytes - Before.Bytes) / (After.Rows - Before.Rows);
}

/// <summary>Imports every <c>.fit</c> file of a folder through <c>POST /v1/imports</c> as one athlete and waits until their samples are stored.</summary>
internal static class DeviceFileImport
{
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    /// <summary>The repository's real device files (FD_TESTDATA_DIR when set, else <c>testdata/devices</c> above the working or program folder), if they are there.</summary>
    public static DirectoryInfo? DefaultFolder()
    {
        if (Environment.GetEnvironmentVariable("FD_TESTDATA_DIR") is { Length: > 0 } configured)
            return Directory.Exists(configured) ? new DirectoryInfo(configured) : null;
        foreach (var from in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(from); directory is not null; directory = directory.Parent)
            {
                var devices = Path.Combine(directory.FullName, "testdata", "devices");
                if (File.Exists(Path.Combine(directory.FullName, "FitnessDriver.slnx")) && Directory.Exists(devices))
                    return new DirectoryInfo(devices);
            }
        }

        return null;
    }

    public static async Task<DeviceFileImportResult> RunAsync(DirectoryInfo folder, HttpClient http, SampleStorage storage, StorageSize before, CancellationToken cancellationToken)
    {
        var files = folder.EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => f.Extension.Equals(".fit", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f.FullName, StringComparer.Ordinal).ToList();
        var client = await FitnessDriverClient.SignUpAsync(http, "Device files", cancellationToken);
        int imported = 0, refused = 0;
        long bytes = 0, samples = 0;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Importing {files.Count} device files from {folder.Name}", maxValue: Math.Max(1, files.Count));
                foreach (var file in files)
                {
                    try
                    {
                        await using var stream = file.OpenRead();
                        var accepted = await client.ImportAsync(stream, file.Name, cancellationToken: cancellationToken);
                        var count = accepted.Multisport?.Legs.Sum(l => l.Samples) ?? accepted.Samples;
                        if (count > 0)
                        {
                            imported++;
                            bytes += file.Length;
                            samples += count;
                        }
                    }
                    catch (ApiProblemException)
                    {
                        // Settings, workouts, monitoring and broken files are not activities.
                        refused++;
                    }

                    task.Increment(1);
                }
            });

        // Samples of the same instant in one file are stored once, so the count may stop short of the files' samples: wait until it is still.
        var started = Stopwatch.GetTimestamp();
        var after = await storage.MeasureAsync(cancellationToken);
        var stillSince = Stopwatch.GetTimestamp();
        while (after.Rows < before.Rows + samples && Stopwatch.GetElapsedTime(stillSince) < SettleTime && Stopwatch.GetElapsedTime(started) < StoreTimeout)
        {
            await Task.Delay(250, cancellationToken);
            var next = await storage.MeasureAsync(cancellationToken);
            if (next.Rows != after.Rows)
                stillSince = Stopwatch.GetTimestamp();
            after = next;
        }

        return new DeviceFileImportResult(imported, refused, bytes, samples, before, after, client.AthleteId);
    }
}
