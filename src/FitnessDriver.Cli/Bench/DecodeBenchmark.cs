using System.Diagnostics;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices;
using FitnessDriver.Devices.Fit;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>
/// Decodes a generated FIT file of the requested size and compares with the least any decoder must do: read every
/// byte and check the file CRC. Reports records per second and the peak resident memory of each phase.
/// </summary>
internal sealed class DecodeBenchmark(int sizeMb, int runs)
{
    private const long MemoryLimit = 200L * 1024 * 1024;

    public int Run()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fd-bench-{Environment.ProcessId}.fit");
        try
        {
            var records = Generate(path);
            var size = new FileInfo(path).Length;
            var table = new Table().Title($"[bold]FIT decode, {size / 1e6:0.0} MB, {records:N0} records, best of {runs}[/]")
                .AddColumns("Phase", "Time", "Records/s", "MB/s", "Peak RSS");
            var baseline = Measure(() => ReadWithCrc(path), runs);
            var decode = Measure(() => Decode(path), runs);
            table.AddRow("read + CRC (baseline)", $"{baseline.Seconds:0.000} s", "–", $"{size / 1e6 / baseline.Seconds:N0}", Mb(baseline.PeakBytes));
            table.AddRow("decode to samples", $"{decode.Seconds:0.000} s", $"{records / decode.Seconds:N0}", $"{size / 1e6 / decode.Seconds:N0}", Mb(decode.PeakBytes));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Decoding takes {decode.Seconds / baseline.Seconds:0.0}× the baseline time; peak memory {Mb(decode.PeakBytes)} " +
                (decode.PeakBytes < MemoryLimit ? "[green]< 200 MB[/]" : "[red]≥ 200 MB[/]"));
            if (decode.Count != records)
            {
                AnsiConsole.MarkupLine($"[red]Decoded {decode.Count:N0} samples, expected {records:N0}.[/]");
                return 1;
            }

            return decode.PeakBytes < MemoryLimit ? 0 : 1;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed record Result(double Seconds, long PeakBytes, long Count);

    private static Result Measure(Func<long> phase, int runs)
    {
        var best = double.MaxValue;
        long peak = 0, count = 0;
        for (var run = 0; run < runs; run++)
        {
            PeakMemory.Reset();
            var watch = Stopwatch.StartNew();
            count = phase();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            peak = Math.Max(peak, PeakMemory.Bytes());
        }

        return new Result(best, peak, count);
    }

    private long Generate(string path)
    {
        var target = sizeMb * 1_000_000L;
        long records = 0;
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn()).Start(progress =>
        {
            var task = progress.AddTask($"Writing a {sizeMb} MB FIT ride", maxValue: target);
            using var file = File.Create(path);
            var writer = new FitWriter(file);
            var start = new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
            writer.WriteFileId(manufacturer: 1, product: 3121, serialNumber: 1, start);
            double distance = 0, lat = 46.5197, lon = 6.6323;
            while (file.Position < target)
            {
                var speed = 8 + Math.Sin(records / 300.0);
                distance += speed;
                lon += speed / 76_000;
                writer.WriteRecord(new Sample(start + records * 1000, Hr: 120 + (int)(records % 40), Power: 180 + (int)(records % 90),
                    Cadence: 88, Speed: (float)speed, Distance: distance, Lat: lat, Lon: lon, Alt: 380));
                if (++records % 10_000 == 0)
                    task.Value = file.Position;
            }

            writer.WriteLap(start, start + records * 1000, distance);
            writer.WriteSession(Sport.Ride, start, start + records * 1000, distance);
            writer.Complete();
            task.Value = target;
        });
        return records;
    }

    private static long ReadWithCrc(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 16];
        ushort crc = 0;
        int read;
        while ((read = file.Read(buffer)) > 0)
            crc = FitCrc.Compute(buffer.AsSpan(0, read), crc);
        return crc == 0 ? 0 : -1;
    }

    private static long Decode(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long count = 0;
        foreach (var _ in ActivityFileDecoder.Decode(file).Samples)
            count++;
        return count;
    }

    private static string Mb(long bytes) => $"{bytes / 1e6:N0} MB";
}
