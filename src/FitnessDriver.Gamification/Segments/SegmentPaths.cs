namespace FitnessDriver.Gamification.Segments;

/// <summary>Paths are stored as one array of latitude and longitude pairs.</summary>
internal static class SegmentPaths
{
    public static double[] Pack(IReadOnlyList<(double Lat, double Lon)> path) => [.. path.SelectMany(p => new[] { p.Lat, p.Lon })];

    public static List<(double Lat, double Lon)> Unpack(double[] packed) => [.. packed.Chunk(2).Select(p => (p[0], p[1]))];
}
