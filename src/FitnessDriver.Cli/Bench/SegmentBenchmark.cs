using System.Diagnostics;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.Gamification.Segments;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>
/// What matching a live track to segments costs per sample: generated segments over a city and rides that pass some of
/// them, fed sample by sample through the progress rules without segments (baseline), with the segment index, and, for
/// a slice of the samples, with every segment's start checked (what the index saves).
/// </summary>
internal sealed class SegmentBenchmark(int segments, int rides, int seconds)
{
    private const double CityLat = 55.75, CityLon = 37.62, CityM = 30_000, Speed = 8;
    private const double MetresPerDegreeLat = 6_371_008.8 * Math.PI / 180;
    private static readonly double MetresPerDegreeLon = MetresPerDegreeLat * Math.Cos(CityLat * Math.PI / 180);
    private readonly Random random = new(2026);
    private readonly SegmentOptions options = new();

    public int Run()
    {
        var (courses, paths) = Build();
        var index = SegmentIndex.Snapshot.Of(courses);
        var tracks = Enumerable.Range(0, rides).Select(_ => Ride(paths)).ToList();
        var samples = tracks.Sum(t => t.Count);

        var baseline = Feed(tracks, null, out _);
        var indexed = Feed(tracks, index, out var efforts);
        var slice = tracks[0].Take(Math.Min(tracks[0].Count, 500)).ToList();
        var scan = Stopwatch.StartNew();
        var near = 0;
        foreach (var sample in slice)
            near += courses.Count(c => c.Checkpoint(0).ToPiece(c.Project(sample.Lat!.Value, sample.Lon!.Value), c.Project(sample.Lat.Value, sample.Lon.Value)).Distance <= options.GateRadiusM);
        var scanNs = scan.Elapsed.TotalNanoseconds / slice.Count;

        var table = new Table().Title($"[bold]Segment matching: {courses.Count:N0} segments, {rides:N0} rides, {samples:N0} samples at 1 Hz[/]")
            .AddColumns("Phase", "ns/sample (mean)", "p50", "p99", "max", "efforts");
        table.AddRow("progress rules, no segments (baseline)", $"{baseline.Mean:N0}", $"{baseline.P50:N0}", $"{baseline.P99:N0}", $"{baseline.Max:N0}", "–");
        table.AddRow("with the segment index", $"{indexed.Mean:N0}", $"{indexed.P50:N0}", $"{indexed.P99:N0}", $"{indexed.Max:N0}", $"{efforts:N0}");
        table.AddRow($"every start checked ({slice.Count} samples)", $"{scanNs:N0}", "–", "–", "–", $"{near:N0} starts near");
        AnsiConsole.Write(table);
        var matching = indexed.Mean - baseline.Mean;
        AnsiConsole.MarkupLine($"Matching adds {matching:N0} ns a sample ({matching / Math.Max(1, baseline.Mean):P0} of the rules' own cost); "
            + $"one core matches {1e9 / Math.Max(1, indexed.Mean):N0} samples/s. Checking every start would cost {scanNs / Math.Max(1, matching):N0}× as much.");
        if (efforts < rides)
        {
            AnsiConsole.MarkupLine($"[red]{efforts:N0} efforts found; every ride passes at least one segment.[/]");
            return 1;
        }

        return 0;
    }

    private sealed record Cost(double Mean, double P50, double P99, double Max);

    private Cost Feed(List<List<Sample>> tracks, SegmentIndex.Snapshot? index, out int efforts)
    {
        var costs = new List<double>(tracks.Sum(t => t.Count));
        efforts = 0;
        foreach (var track in tracks)
        {
            var activity = new ActivityProgress(Guid.NewGuid(), Guid.NewGuid(), Sport.Ride);
            var device = new DeviceTrack(activity.ActivityId, "bike-computer", 30);
            if (index is not null)
                device.Rider = new SegmentRider(index, Sport.Ride, activity.ActivityId, device.DeviceId, options);
            foreach (var sample in track)
            {
                var started = Stopwatch.GetTimestamp();
                activity.Advance(device, [sample]);
                costs.Add(Stopwatch.GetElapsedTime(started).TotalNanoseconds);
            }

            efforts += device.Rider?.Passes.Count ?? 0;
        }

        costs.Sort();
        return new Cost(costs.Average(), costs[costs.Count / 2], costs[(int)(costs.Count * 0.99)], costs[^1]);
    }

    /// <summary>Segments of 0.5–5 km wandering from random starts in the city, and their paths.</summary>
    private (List<SegmentCourse> Courses, List<List<(double Lat, double Lon)>> Paths) Build()
    {
        var courses = new List<SegmentCourse>(segments);
        var paths = new List<List<(double Lat, double Lon)>>(segments);
        AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask("Building segments", maxValue: segments);
            for (var i = 0; i < segments; i++)
            {
                var (east, north, heading) = (random.NextDouble() * CityM, random.NextDouble() * CityM, random.NextDouble() * 2 * Math.PI);
                var path = new List<(double Lat, double Lon)> { At(east, north) };
                for (var walked = 0.0; walked < 500 + random.NextDouble() * 4_500; walked += 20)
                {
                    heading += (random.NextDouble() - 0.5) * 0.3;
                    (east, north) = (east + 20 * Math.Cos(heading), north + 20 * Math.Sin(heading));
                    path.Add(At(east, north));
                }

                paths.Add(path);
                courses.Add(SegmentCourse.Create(Guid.NewGuid(), Sport.Ride, $"Segment {i}", path, options.CheckpointSpacingM));
                task.Increment(1);
            }
        });
        return (courses, paths);
    }

    /// <summary>A ride of the configured length at 1 Hz that rides the paths of random segments one after another, with a few metres of GPS noise.</summary>
    private List<Sample> Ride(List<List<(double Lat, double Lon)>> paths)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds() / 1000 * 1000;
        var samples = new List<Sample>(seconds);
        (double Lat, double Lon)? last = null;
        while (samples.Count < seconds)
        {
            var path = paths[random.Next(paths.Count)];
            // Ride over from where the last segment ended, then along this one.
            var waypoints = last is { } from ? [from, .. path] : path;
            for (var i = 1; i < waypoints.Count && samples.Count < seconds; i++)
            {
                var (a, b) = (waypoints[i - 1], waypoints[i]);
                var length = Geo.HaversineM(a.Lat, a.Lon, b.Lat, b.Lon);
                for (var along = 0.0; along < length && samples.Count < seconds; along += Speed)
                {
                    var f = along / length;
                    var noise = (random.NextDouble() - 0.5) * 6 / MetresPerDegreeLat;
                    samples.Add(new Sample(start + samples.Count * 1000L, Lat: a.Lat + f * (b.Lat - a.Lat) + noise, Lon: a.Lon + f * (b.Lon - a.Lon) + noise,
                        Speed: (float)Speed));
                }
            }

            last = path[^1];
        }

        return samples;
    }

    private static (double Lat, double Lon) At(double east, double north) => (CityLat + (north - CityM / 2) / MetresPerDegreeLat, CityLon + (east - CityM / 2) / MetresPerDegreeLon);
}
