using FitnessDriver.Contracts;

namespace FitnessDriver.Gamification.Segments;

/// <summary>
/// A segment as the matcher sees it: its path resampled into checkpoints a fixed distance apart, in metres east and north
/// of its start (a local plane: at most tens of kilometres, where the error is far below GPS noise).
/// </summary>
public sealed class SegmentCourse
{
    /// <summary>As <see cref="Geo.HaversineM"/> measures a degree of latitude.</summary>
    private const double MetresPerDegreeLat = 6_371_008.8 * Math.PI / 180;
    private readonly double metresPerDegreeLon;
    private readonly float[] xs;
    private readonly float[] ys;

    private SegmentCourse(Guid segmentId, Sport sport, string name, double startLat, double startLon, double lengthM, float[] xs, float[] ys)
    {
        (SegmentId, Sport, Name, StartLat, StartLon, LengthM, this.xs, this.ys) = (segmentId, sport, name, startLat, startLon, lengthM, xs, ys);
        metresPerDegreeLon = MetresPerDegreeLat * Math.Cos(startLat * Math.PI / 180);
    }

    public Guid SegmentId { get; }
    public Sport Sport { get; }
    public string Name { get; }
    public double StartLat { get; }
    public double StartLon { get; }

    /// <summary>Length of the path, metres.</summary>
    public double LengthM { get; }

    /// <summary>Number of checkpoints, the start and the end included.</summary>
    public int Checkpoints => xs.Length;

    /// <summary>Resamples <paramref name="path"/> (at least two positions) into checkpoints every <paramref name="spacingM"/> metres.</summary>
    public static SegmentCourse Create(Guid segmentId, Sport sport, string name, IReadOnlyList<(double Lat, double Lon)> path, double spacingM)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(path.Count, 2);
        var origin = new SegmentCourse(segmentId, sport, name, path[0].Lat, path[0].Lon, 0, [], []);
        var plane = path.Select(p => origin.Project(p.Lat, p.Lon)).ToList();
        var length = LengthOf(path);
        var planeLength = plane.Zip(plane.Skip(1), Distance).Sum();
        var count = Math.Max(2, (int)Math.Ceiling(planeLength / spacingM) + 1);
        var (xs, ys) = (new float[count], new float[count]);
        var (piece, walked, pieceLength) = (0, 0.0, Distance(plane[0], plane[1]));
        for (var i = 0; i < count; i++)
        {
            var target = planeLength * i / (count - 1);
            while (piece < plane.Count - 2 && walked + pieceLength < target)
            {
                walked += pieceLength;
                piece++;
                pieceLength = Distance(plane[piece], plane[piece + 1]);
            }

            var fraction = pieceLength == 0 ? 0 : Math.Clamp((target - walked) / pieceLength, 0, 1);
            xs[i] = (float)(plane[piece].X + fraction * (plane[piece + 1].X - plane[piece].X));
            ys[i] = (float)(plane[piece].Y + fraction * (plane[piece + 1].Y - plane[piece].Y));
        }

        return new SegmentCourse(segmentId, sport, name, path[0].Lat, path[0].Lon, length, xs, ys);
    }

    /// <summary>Great-circle length of a path, metres.</summary>
    public static double LengthOf(IReadOnlyList<(double Lat, double Lon)> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var length = 0.0;
        for (var i = 1; i < path.Count; i++)
            length += Geo.HaversineM(path[i - 1].Lat, path[i - 1].Lon, path[i].Lat, path[i].Lon);
        return length;
    }

    /// <summary>A position on this segment's plane.</summary>
    public PlanePoint Project(double lat, double lon) => new((lon - StartLon) * metresPerDegreeLon, (lat - StartLat) * MetresPerDegreeLat);

    /// <summary>Checkpoint <paramref name="index"/> on the plane.</summary>
    public PlanePoint Checkpoint(int index) => new(xs[index], ys[index]);

    private static double Distance(PlanePoint a, PlanePoint b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
