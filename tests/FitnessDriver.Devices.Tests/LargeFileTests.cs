using System.Diagnostics;
using System.Text;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices.Tests.Fit;

namespace FitnessDriver.Devices.Tests;

[CollectionDefinition(nameof(LargeFileTests), DisableParallelization = true)]
public sealed class LargeFilesRunAlone;

/// <summary>Big imports stream: memory stays flat however large the file is.</summary>
[Collection(nameof(LargeFileTests))]
public sealed class LargeFileTests(ITestOutputHelper output)
{
    private const long MaxHeapGrowth = 64L * 1024 * 1024;

    [Fact]
    public void Thirty_megabyte_fit_file_decodes_with_flat_memory()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fd-large-{Environment.ProcessId}.fit");
        const int records = 1_080_000;
        try
        {
            using (var file = File.Create(path))
            {
                FitSampleFiles.WriteTo(file, Ride(records));
            }

            var size = new FileInfo(path).Length;
            Assert.InRange(size, 30_000_000, 33_000_000);

            using var stream = File.OpenRead(path);
            var (count, last, peak, elapsed) = Measure(() => ActivityFileDecoder.Decode(stream).Samples);

            output.WriteLine($"FIT {size / 1e6:0.0} MB, {count} samples: {elapsed.TotalSeconds:0.00} s (summary + samples), heap growth peak {peak / 1e6:0.0} MB");
            Assert.Equal(records, count);
            Assert.Equal(FitSampleFiles.Start + ((records - 1) * 1000L), last!.T);
            Assert.InRange(peak, long.MinValue, MaxHeapGrowth);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Hundred_megabyte_gpx_file_decodes_with_flat_memory()
    {
        const int points = 480_000;
        using var stream = new GeneratedGpx(points);

        var (count, last, peak, elapsed) = Measure(() => ActivityFileDecoder.Decode(stream).Samples);

        output.WriteLine($"GPX {stream.Length / 1e6:0.0} MB, {count} samples: {elapsed.TotalSeconds:0.00} s, heap growth peak {peak / 1e6:0.0} MB");
        Assert.InRange(stream.Length, 100_000_000, 120_000_000);
        Assert.Equal(points, count);
        Assert.Equal(150, last!.Hr);
        Assert.InRange(peak, long.MinValue, MaxHeapGrowth);
    }

    private static (int Count, Sample? Last, long PeakGrowth, TimeSpan Elapsed) Measure(Func<IEnumerable<Sample>> decode)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(true);
        var watch = Stopwatch.StartNew();
        long peak = 0;
        var count = 0;
        Sample? last = null;
        foreach (var sample in decode())
        {
            last = sample;
            if (++count % 50_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false) - baseline);
            }
        }

        return (count, last, peak, watch.Elapsed);
    }

    private static IEnumerable<Sample> Ride(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new Sample(
                FitSampleFiles.Start + (i * 1000L), 120 + (i % 50), 200 + (i % 100), 85, 8.5f, i * 8.5,
                46 + (i * 1e-6), 14 + (i * 1e-6), 300);
        }
    }

    /// <summary>A GPX document produced on the fly, so the test needs no 100 MB on disk or in memory.</summary>
    private sealed class GeneratedGpx(int points) : Stream
    {
        private static readonly byte[] Head = Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"load test\" " +
            "xmlns=\"http://www.topografix.com/GPX/1/1\" " +
            "xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v2\">\n<trk><type>running</type><trkseg>\n");

        private static readonly byte[] Tail = Encoding.UTF8.GetBytes("</trkseg></trk></gpx>\n");

        private static readonly long PointLength = Point(0).Length;

        public override long Length { get; } = Head.Length + (points * PointLength) + Tail.Length;

        public override long Position { get; set; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count && Position < Length)
            {
                var (chunk, start) = Chunk(Position);
                var n = (int)Math.Min(count - written, chunk.Length - start);
                Array.Copy(chunk, start, buffer, offset + written, n);
                written += n;
                Position += n;
            }

            return written;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => Length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private (byte[] Chunk, long Start) Chunk(long position)
        {
            if (position < Head.Length)
            {
                return (Head, position);
            }

            var index = (position - Head.Length) / PointLength;
            return index < points
                ? (Point(index), (position - Head.Length) % PointLength)
                : (Tail, position - Head.Length - (points * PointLength));
        }

        // Every point has the same length so any offset maps straight to a point.
        private static byte[] Point(long i) => Encoding.UTF8.GetBytes(
            $"<trkpt lat=\"{46 + ((i % 100000) * 1e-6):00.000000}\" lon=\"{14 + ((i % 100000) * 1e-6):00.000000}\"><ele>{300 + (i % 100):000}.0</ele>" +
            $"<time>{DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + i):yyyy-MM-ddTHH:mm:ssZ}</time><extensions><gpxtpx:TrackPointExtension>" +
            $"<gpxtpx:hr>150</gpxtpx:hr><gpxtpx:cad>090</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>\n");
    }
}
