using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Devices;

/// <summary>
/// Builds samples from decoded numbers. A value that is not finite (NaN, ±Infinity, or beyond what its channel's type
/// holds, like 1e39 for a single-precision speed) is left out, as an out-of-range value is; a position needs both halves.
/// </summary>
internal static class DecodedSamples
{
    public static Sample Create(long t, double? hr = null, double? power = null, double? cadence = null, double? speed = null, double? distance = null,
        double? lat = null, double? lon = null, double? alt = null)
    {
        var positioned = Finite(lat) is not null && Finite(lon) is not null;
        return new Sample(t, Int(hr), Int(power), Int(cadence), Single(speed), Finite(distance), positioned ? lat : null, positioned ? lon : null, Single(alt));
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static int? Int(double? value) => Finite(value) is { } v && v is >= int.MinValue and <= int.MaxValue ? (int)v : null;

    private static float? Single(double? value) => Finite(value) is { } v && float.IsFinite((float)v) ? (float)v : null;
}
