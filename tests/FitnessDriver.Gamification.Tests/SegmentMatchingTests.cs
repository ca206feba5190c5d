using FitnessDriver.Contracts;
using FitnessDriver.Gamification.Segments;

namespace FitnessDriver.Gamification.Tests;

/// <summary>Gate and corridor matching of tracks to a segment: an L of 1 km east then 500 m north.</summary>
public sealed class SegmentMatchingTests
{
    private const double Lat0 = 59.93, Lon0 = 30.30;
    private const double MetresPerDegreeLat = 6_371_008.8 * Math.PI / 180;
    private static readonly double MetresPerDegreeLon = MetresPerDegreeLat * Math.Cos(Lat0 * Math.PI / 180);
    private static readonly SegmentOptions Options = new();
    private static readonly long T0 = DateTimeOffset.Parse("2026-11-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
    private static readonly SegmentCourse L = SegmentCourse.Create(Guid.NewGuid(), Sport.Run, "L", [At(0, 0), At(1000, 0), At(1000, 500)], Options.CheckpointSpacingM);

    [Fact]
    public void A_track_along_the_path_is_one_effort_timed_from_the_start_to_the_end()
    {
        // 200 m before the start to 200 m after the end at 4 m/s, a position a second, 8 m to the side of the path.
        var passes = Ride(Along(-200, 1700, speed: 4, side: 8));

        var pass = Assert.Single(passes);
        Assert.InRange(pass.ElapsedMs, 1500 / 4.0 * 1000 - 100, 1500 / 4.0 * 1000 + 100);
        Assert.InRange(pass.StartT - T0, 200 / 4.0 * 1000 - 100, 200 / 4.0 * 1000 + 100);
    }

    [Fact]
    public void Sparse_positions_are_timed_between_them()
    {
        var passes = Ride(Along(-200, 1700, speed: 9, side: 3, everySeconds: 5));

        Assert.InRange(Assert.Single(passes).ElapsedMs, 1500 / 9.0 * 1000 - 500, 1500 / 9.0 * 1000 + 500);
    }

    [Fact]
    public void Cutting_the_corner_is_no_effort()
    {
        // Start, then straight across to the end: 700 m from the corner at the widest.
        var shortcut = new List<GeoPoint>();
        for (var s = 0; s <= 1118; s += 4)
            shortcut.Add(Point(s / 1118.0 * 1000, s / 1118.0 * 500, T0 + s * 250));
        var passes = Ride([.. Along(-100, 0, speed: 4, side: 0), .. shortcut.Select(p => p with { T = p.T + 25_000 })]);

        Assert.Empty(passes);
    }

    [Fact]
    public void The_wrong_way_round_or_joining_halfway_is_no_effort()
    {
        Assert.Empty(Ride([.. Along(-200, 1700, speed: 4, side: 0).Reverse().Select((p, i) => p with { T = T0 + i * 1000L })]));
        Assert.Empty(Ride(Along(300, 1700, speed: 4, side: 0)));
    }

    [Fact]
    public void Waiting_at_the_start_times_the_effort_from_the_closest_pass()
    {
        // A minute standing 20 m short of the start, then through it at 5 m/s.
        var waiting = Enumerable.Range(0, 60).Select(i => Point(-20, 0, T0 + i * 1000L));
        var passes = Ride([.. waiting, .. Along(-15, 1600, speed: 5, side: 0).Select(p => p with { T = p.T + 60_000 })]);

        var pass = Assert.Single(passes);
        Assert.InRange(pass.StartT - T0, 63_000 - 100, 63_000 + 100);
        Assert.InRange(pass.ElapsedMs, 300_000 - 100, 300_000 + 100);
    }

    [Fact]
    public void Another_sport_and_a_jump_make_no_effort()
    {
        Assert.Empty(Ride(Along(-200, 1700, speed: 4, side: 0), Sport.Ride));
        var rider = new SegmentRider(SegmentIndex.Snapshot.Of([L]), Sport.Run, Guid.NewGuid(), "watch", Options);
        GeoPoint? last = null;
        foreach (var point in Along(-200, 1700, speed: 4, side: 0))
        {
            if (point.T == T0 + 150_000)
                rider.Lost();
            rider.Move(last, point);
            last = point;
        }

        Assert.Empty(rider.Passes);
    }

    [Fact]
    public void Two_laps_of_a_loop_are_two_efforts()
    {
        var loop = SegmentCourse.Create(Guid.NewGuid(), Sport.Run, "Loop", [At(0, 0), At(400, 0), At(400, 400), At(0, 400), At(0, 5)], Options.CheckpointSpacingM);
        var lap = new[] { At(0, 0), At(400, 0), At(400, 400), At(0, 400), At(0, 0) };
        var points = new List<GeoPoint>();
        for (var metre = 0; metre <= 3200; metre += 4)
        {
            var along = metre % 1600;
            var corner = Math.Min(along / 400, 3);
            var (from, to) = (lap[corner], lap[corner + 1]);
            var f = (along - corner * 400) / 400.0;
            points.Add(new GeoPoint(from.Lat + f * (to.Lat - from.Lat), from.Lon + f * (to.Lon - from.Lon), T0 + metre * 250L));
        }

        Assert.Equal(2, Ride(points, index: SegmentIndex.Snapshot.Of([loop])).Count);
    }

    [Fact]
    public void The_index_finds_a_start_across_a_cell_edge_and_nothing_far_away()
    {
        var index = SegmentIndex.Snapshot.Of([L]);
        Assert.Contains(L, index.StartsNear(Point(-10, -20, T0), Point(-5, -20, T0), 25));
        Assert.Empty(index.StartsNear(Point(500, 300, T0), Point(505, 300, T0), 25));
    }

    private static List<SegmentPass> Ride(IEnumerable<GeoPoint> points, Sport sport = Sport.Run, SegmentIndex.Snapshot? index = null)
    {
        var rider = new SegmentRider(index ?? SegmentIndex.Snapshot.Of([L]), sport, Guid.NewGuid(), "watch", Options);
        GeoPoint? last = null;
        foreach (var point in points)
        {
            rider.Move(last, point);
            last = point;
        }

        return rider.Passes;
    }

    /// <summary>Positions along the L (extended straight before its start and after its end), <paramref name="side"/> metres to the right.</summary>
    private static IEnumerable<GeoPoint> Along(double fromM, double toM, double speed, double side, int everySeconds = 1)
    {
        for (var s = 0.0; fromM + s * speed <= toM; s += everySeconds)
        {
            var along = fromM + s * speed;
            var t = T0 + (long)(s * 1000);
            yield return along <= 1000 ? Point(along, -side, t) : Point(1000 + side, along - 1000, t);
        }
    }

    private static GeoPoint Point(double east, double north, long t) => new(Lat0 + north / MetresPerDegreeLat, Lon0 + east / MetresPerDegreeLon, t);

    private static (double Lat, double Lon) At(double east, double north) => (Lat0 + north / MetresPerDegreeLat, Lon0 + east / MetresPerDegreeLon);
}
