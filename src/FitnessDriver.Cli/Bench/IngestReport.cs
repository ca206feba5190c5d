using System.Globalization;
using FitnessDriver.Cli.Cost;
using FitnessDriver.Host;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>Sizes beside <c>timeseries.samples</c>.</summary>
/// <param name="PositionsBytes">All of <c>timeseries.positions</c> (sealed GPS blocks).</param>
/// <param name="DevicePositionsBytes">What the device rides added to it.</param>
/// <param name="DeviceChunks">The compressed chunks that hold only device rides, with their rows; null without TimescaleDB.</param>
/// <param name="RollupBytes">The 10 s and 1 min rollups (compressed where the samples are).</param>
/// <param name="DeviceRowBytes">The compressed rows of the device rides' chunks alone (see <see cref="SampleStorage.CompressedRowBytesBeforeAsync"/>).</param>
/// <param name="DevicePositionRowBytes">The device rides' sealed blocks and their rows' headers, without pages and indexes.</param>
internal sealed record StorageFigures(long PositionsBytes, long DevicePositionsBytes, StorageSize? DeviceChunks, long RollupBytes, long? DeviceRowBytes,
    long DevicePositionRowBytes);

/// <summary>Prints <c>fd bench ingest</c>'s tables.</summary>
internal static class IngestReport
{
    private const double Goal = 0.5;
    private const double StorageGoal = 10;

    public static void Print(IngestBenchmarkSettings settings, IngestWarmUpResult? warmUp, IReadOnlyList<LiveIngestResult> rounds,
        IReadOnlyList<CopyBaselineResult> copies, StorageSize liveSize, DeviceFileImportResult? devices, StorageSize total, CompressionResult compressed, StorageFigures sizes)
    {
        var speed = new Table().Title("[bold]Ingest throughput[/]").AddColumns("phase", "rows", "wall s", "rows/s", "CPU s (fd + PostgreSQL)", "CPU µs/row");
        AddRow(speed, "binary COPY into a plain copy of the table, before round 1", copies[0]);
        var ratios = new double[rounds.Count];
        for (var i = 0; i < rounds.Count; i++)
        {
            var live = rounds[i];
            speed.AddRow($"round {i + 1}: API end to end ({settings.Format.MediaType()}), {settings.Athletes:N0} athletes × {settings.Seconds:N0} s, first POST → all stored",
                N(live.Stored), F(live.Wall.TotalSeconds), N(Rate(live)), Cpu(live.Cpu), PerRow(live.Cpu, live.Stored));
            AddRow(speed, $"binary COPY, after round {i + 1}", copies[i + 1]);
            ratios[i] = Rate(live) / Rate(copies[i] + copies[i + 1]);
        }

        var allCopies = copies.Aggregate((a, b) => a + b);
        AddRow(speed, $"binary COPY, all {copies.Count} runs (baseline)", allCopies);
        var stored = rounds.Sum(r => r.Stored);
        var wall = TimeSpan.FromTicks(rounds.Sum(r => r.Wall.Ticks));
        var cpu = rounds.Select(r => r.Cpu).Aggregate((a, b) => a + b);
        var allRate = stored / wall.TotalSeconds;
        if (rounds.Count > 1)
            speed.AddRow($"API end to end, all {rounds.Count} rounds", N(stored), F(wall.TotalSeconds), N(allRate), Cpu(cpu), PerRow(cpu, stored));
        AnsiConsole.Write(speed);
        var median = LatencyFigures.Of(ratios).P50;
        var verdict = median >= Goal ? "[green]met[/]" : "[red]not met[/]";
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"End to end / COPY: [bold]{median:P1}[/]{(rounds.Count > 1 ? $", the median of {rounds.Count} rounds" : "")} (goal ≥ {Goal:P0}: {verdict}). Each round against the COPYs right before and after it: {string.Join(", ", ratios.Select(r => r.ToString("P0", CultureInfo.InvariantCulture)))}; all rounds against all COPYs: {allRate / Rate(allCopies):P0}."));
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Acknowledged {rounds.Sum(r => r.Acknowledged):N0} of {settings.Samples * rounds.Count:N0}, the last of each round after {string.Join(", ", rounds.Select(r => r.Posting.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)))} s; {rounds.Sum(r => r.Failed)} failed batches."));
        AnsiConsole.MarkupLine(settings.Services == PlatformServices.IngestPath
            ? "Services: the ingest path (Profiles, Telemetry, TimeSeries). Gamification, Notifications and Social were not started, as when they run on nodes of their own; --services all runs them in this process too."
            : "Services: all of them in this process, sharing its cores with the ingest path.");
        AnsiConsole.MarkupLine(warmUp is null
            ? "No warm-up: the end-to-end figure includes the JIT compiling the host's code under load."
            : string.Create(CultureInfo.InvariantCulture,
                $"Timed after a warm-up of {warmUp.Rounds} round(s) and {WriterWarmUp.Writes} small writes ({warmUp.Stored:N0} rows stored, {warmUp.CompiledMethods:N0} methods compiled); its rows count in the sizes below."));
        AnsiConsole.MarkupLine(EscapeMarkup(compressed.NotMeasured, sizes.PositionsBytes, total));

        var size = new Table().Title("[bold]Bytes per sample[/]").AddColumns("what", "samples", "bytes", "bytes/sample");
        size.AddRow("live rides in timeseries.samples", N(liveSize.Rows), N(liveSize.Bytes), F(liveSize.BytesPerRow));
        if (devices is not null)
        {
            size.AddRow($"device rides ({devices.Imported} files imported, {devices.Refused} refused): their .fit files", N(devices.Samples), N(devices.FileBytes), F(devices.FileBytesPerSample));
            size.AddRow("device rides: what they added to timeseries.samples", N(devices.After.Rows - devices.Before.Rows), N(devices.After.Bytes - devices.Before.Bytes),
                F(devices.StoredBytesPerSample));
        }

        size.AddRow("all of timeseries.samples", N(total.Rows), N(total.Bytes), F(total.BytesPerRow));
        if (compressed.After is { } after)
            size.AddRow("all of timeseries.samples, chunks compressed", N(after.Rows), N(after.Bytes), F(after.BytesPerRow));
        size.AddRow("rollups (10 s and 1 min) of all samples", N(total.Rows), N(sizes.RollupBytes), F(Per(sizes.RollupBytes, total.Rows)));
        AnsiConsole.Write(size);
        if (devices is not null && sizes.DeviceChunks is { Rows: > 0 } chunks)
            PrintDeviceRides(chunks, sizes);
    }

    /// <summary>
    /// Real rides after compression, counting their sealed positions: the figure the storage goal is about, whole (each
    /// ride of years ago alone in a one-day chunk, with the pages and indexes every chunk has) and as rows alone.
    /// </summary>
    private static void PrintDeviceRides(StorageSize chunks, StorageFigures sizes)
    {
        var (rows, channels, positions) = (chunks.Rows, chunks.BytesPerRow, Per(sizes.DevicePositionsBytes, chunks.Rows));
        var table = new Table().Title("[bold]Device rides after compression[/]").AddColumns("what", "samples", "bytes", "bytes/sample");
        table.AddRow("channels: their chunks of timeseries.samples, compressed (pages and indexes included)", N(rows), N(chunks.Bytes), F(channels));
        table.AddRow("positions: what they added to timeseries.positions (pages and indexes included)", N(rows), N(sizes.DevicePositionsBytes), F(positions));
        table.AddRow("total, as stored here", N(rows), N(chunks.Bytes + sizes.DevicePositionsBytes), F(channels + positions));
        if (sizes.DeviceRowBytes is { } rowBytes)
        {
            table.AddRow("channels: their compressed rows alone", N(rows), N(rowBytes), F(Per(rowBytes, rows)));
            table.AddRow("positions: their sealed blocks' rows alone", N(rows), N(sizes.DevicePositionRowBytes), F(Per(sizes.DevicePositionRowBytes, rows)));
            var perSample = Per(rowBytes + sizes.DevicePositionRowBytes, rows);
            table.AddRow("total, rows alone (rides sharing chunks with many others)", N(rows), N(rowBytes + sizes.DevicePositionRowBytes), F(perSample));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Storage of real rides: [bold]{perSample:F1}[/] bytes/sample in rows, {channels + positions:F1} with the pages of their own chunks (goal ≤ {StorageGoal:0}: {(perSample <= StorageGoal ? "[green]met[/]" : "[red]not met[/]")} in rows)."));
            return;
        }

        AnsiConsole.Write(table);
    }

    private static string EscapeMarkup(string? notMeasured, long positionsBytes, StorageSize total) =>
        Markup.Escape((notMeasured ?? "Compression measured with compress_chunk on every chunk.")
            + string.Create(CultureInfo.InvariantCulture, $" Sealed GPS blocks in timeseries.positions take {positionsBytes:N0} bytes more ({(total.Rows == 0 ? 0 : (double)positionsBytes / total.Rows):F1} per sample)."));

    private static void AddRow(Table table, string phase, CopyBaselineResult copy) =>
        table.AddRow(phase, N(copy.Rows), F(copy.Wall.TotalSeconds), N(Rate(copy)), Cpu(copy.Cpu), PerRow(copy.Cpu, copy.Rows));

    private static double Rate(CopyBaselineResult copy) => copy.Rows / copy.Wall.TotalSeconds;

    private static double Rate(LiveIngestResult live) => live.Stored / live.Wall.TotalSeconds;

    private static double Per(long bytes, long rows) => rows == 0 ? 0 : (double)bytes / rows;
    private static string Cpu(CpuTime cpu) => $"{F(cpu.Total.TotalSeconds)} ({F(cpu.Process.TotalSeconds)} + {F(cpu.Postgres.TotalSeconds)})";

    private static string PerRow(CpuTime cpu, long rows) => rows == 0 ? "–" : F(cpu.Total.TotalMicroseconds / rows);

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
