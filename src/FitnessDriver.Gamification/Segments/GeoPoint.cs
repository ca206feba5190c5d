namespace FitnessDriver.Gamification.Segments;

/// <summary>A position at a time (epoch ms).</summary>
public readonly record struct GeoPoint(double Lat, double Lon, long T);

/// <summary>A point in metres east (<paramref name="X"/>) and north (<paramref name="Y"/>) of a segment's start.</summary>
public readonly record struct PlanePoint(double X, double Y)
{
    /// <summary>Distance from this point to the line piece <paramref name="a"/>–<paramref name="b"/>, and where along it (0 at a, 1 at b) it is closest.</summary>
    public (double Distance, double Fraction) ToPiece(PlanePoint a, PlanePoint b)
    {
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var lengthSquared = dx * dx + dy * dy;
        var fraction = lengthSquared == 0 ? 0 : Math.Clamp(((X - a.X) * dx + (Y - a.Y) * dy) / lengthSquared, 0, 1);
        var (cx, cy) = (a.X + fraction * dx - X, a.Y + fraction * dy - Y);
        return (Math.Sqrt(cx * cx + cy * cy), fraction);
    }
}
