using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Gamification.Rules;

/// <summary>
/// How far one device of an activity has measured: its own cumulative distance channel when it has one,
/// otherwise the length of its GPS track.
/// </summary>
public sealed class DeviceTrack(Guid activityId, string deviceId)
{
    /// <summary>Faster than this between two fixes is a GPS jump, not movement.</summary>
    private const double MaxPlausibleSpeed = 60;

    public Guid ActivityId { get; } = activityId;
    public string DeviceId { get; } = deviceId;
    public long? LastT { get; set; }
    public double? ChannelDistanceM { get; set; }
    public double GpsDistanceM { get; set; }
    public double? LastLat { get; set; }
    public double? LastLon { get; set; }

    /// <summary>The distance this device measured so far.</summary>
    public double DistanceM => ChannelDistanceM ?? GpsDistanceM;

    /// <summary>
    /// Takes in a sample. Samples at or before the last one seen are ignored, which makes re-sent and re-delivered
    /// batches harmless. Returns false for those.
    /// </summary>
    public bool Advance(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.T <= LastT)
            return false;
        if (sample.Distance is { } distance)
            ChannelDistanceM = Math.Max(ChannelDistanceM ?? 0, distance);
        if (sample.Lat is { } lat && sample.Lon is { } lon)
        {
            if (LastLat is { } lastLat && LastLon is { } lastLon && LastT is { } lastT)
            {
                var step = Geo.HaversineM(lastLat, lastLon, lat, lon);
                var seconds = (sample.T - lastT) / 1000.0;
                if (step / seconds <= MaxPlausibleSpeed)
                    GpsDistanceM += step;
            }

            LastLat = lat;
            LastLon = lon;
        }

        LastT = sample.T;
        return true;
    }
}
