using FitnessDriver.Contracts.Telemetry;
using static FitnessDriver.Telemetry.SampleValidation;

namespace FitnessDriver.Telemetry;

/// <summary>
/// Cleans samples decoded from a file or from raw sensor payloads: devices record values the API would refuse
/// (a heart rate of 0 while the strap settles, a GPS fix at 0/0). Out-of-range channels are dropped rather than the
/// whole file refused; a sample left with nothing, or with an impossible time, is dropped.
/// </summary>
public static class ImportedSamples
{
    /// <summary>The cleaned sample, or null when nothing of it can be kept.</summary>
    public static Sample? Clean(Sample sample, long latestTime)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.T < EarliestTime || sample.T > latestTime)
            return null;
        var hasPosition = sample.Lat is { } lat && sample.Lon is { } lon && Limits.Lat.Contains(lat) && Limits.Lon.Contains(lon) && (lat, lon) != (0, 0);
        var rr = sample.Rr?.Where(r => Limits.Rr.Contains(r)).Take(MaxRrPerSample).ToArray();
        var cleaned = new Sample(
            sample.T,
            Keep(sample.Hr, Limits.Hr),
            Keep(sample.Power, Limits.Power),
            Keep(sample.Cadence, Limits.Cadence),
            Keep(sample.Speed, Limits.Speed),
            Keep(sample.Distance, Limits.Distance),
            hasPosition ? sample.Lat : null,
            hasPosition ? sample.Lon : null,
            Keep(sample.Alt, Limits.Alt),
            rr is { Length: > 0 } ? rr : null);
        return cleaned is { Hr: null, Power: null, Cadence: null, Speed: null, Distance: null, Lat: null, Alt: null, Rr: null } ? null : cleaned;
    }

    private static int? Keep(int? value, ChannelRange range) => value is { } v && range.Contains(v) ? v : null;

    private static float? Keep(float? value, ChannelRange range) => value is { } v && range.Contains(v) ? v : null;

    private static double? Keep(double? value, ChannelRange range) => value is { } v && range.Contains(v) ? v : null;
}
