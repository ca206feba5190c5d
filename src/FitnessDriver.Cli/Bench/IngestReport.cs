using System.Globalization;
using FitnessDriver.Cli.Cost;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>Prints <c>fd bench ingest</c>'s tables.</summary>
internal static class IngestReport
{
    private const double Goal = 0.5;

    public static void Print(IngestBenchmarkSettings settings, LiveIngestResult live, CopyBaselineResult copy, StorageSize liveSize, DeviceFileImportResult? devices,
        StorageSize total, CompressionResult compressed, long positionsBytes)
    {
        var liveRate = live.Stored / live.Wall.TotalSeconds;
        var copyRate = copy.Rows / copy.Wall.TotalSeconds;
        var speed = new Table().Title("[bold]Ingest throughput[/]").AddColumns("phase", "rows", "wall s", "rows/s", "CPU s (fd + PostgreSQL)", "CPU µs/row");
        speed.AddRow("binary COPY into a plain copy of the table (baseline)", N(copy.Rows), F(copy.Wall.TotalSeconds), N(copyRate), Cpu(copy.Cpu), PerRow(copy.Cpu, copy.Rows));
        speed.AddRow($"API end to end ({settings.Format.MediaType()}): {settings.Athletes:N0} athletes × {settings.Seconds:N0} s, first POST → all stored",
            N(live.Stored), F(live.Wall.TotalSeconds), N(liveRate), Cpu(live.Cpu), PerRow(live.Cpu, live.Stored));
        AnsiConsole.Write(speed);
        var ratio = liveRate / copyRate;
        var verdict = ratio >= Goal ? "[green]met[/]" : "[red]not met[/]";
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"End to end / COPY: [bold]{ratio:P0}[/] (goal ≥ {Goal:P0}: {verdict}). Acknowledged {live.Acknowledged:N0} of {settings.Samples:N0} in {live.Posting.TotalSeconds:F1} s, {live.Failed} failed batches."));
        AnsiConsole.MarkupLine(EscapeMarkup(compressed.NotMeasured, positionsBytes, total));

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
        AnsiConsole.Write(size);
    }

    private static string EscapeMarkup(string? notMeasured, long positionsBytes, StorageSize total) =>
        Markup.Escape((notMeasured ?? "Compression measured with compress_chunk on every chunk.")
            + string.Create(CultureInfo.InvariantCulture, $" Sealed GPS blocks in timeseries.positions take {positionsBytes:N0} bytes more ({(total.Rows == 0 ? 0 : (double)positionsBytes / total.Rows):F1} per sample)."));

    private static string Cpu(CpuTime cpu) => $"{F(cpu.Total.TotalSeconds)} ({F(cpu.Process.TotalSeconds)} + {F(cpu.Postgres.TotalSeconds)})";

    private static string PerRow(CpuTime cpu, long rows) => rows == 0 ? "–" : F(cpu.Total.TotalMicroseconds / rows);

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
