using System.Globalization;

namespace FitnessDriver.Cli.Bench;

/// <summary>Percentiles of a set of latencies, in milliseconds.</summary>
internal sealed record LatencyFigures(int Count, double P50, double P95, double P99, double Max)
{
    /// <summary>The figures of <paramref name="milliseconds"/>; all zero when there are none.</summary>
    public static LatencyFigures Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
            return new LatencyFigures(0, 0, 0, 0, 0);
        double At(double percent) => sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencyFigures(sorted.Length, At(50), At(95), At(99), sorted[^1]);
    }

    /// <summary>A figure in milliseconds, with one decimal below 100 ms.</summary>
    public static string Ms(double value) => value.ToString(value < 100 ? "F1" : "N0", CultureInfo.InvariantCulture);
}
