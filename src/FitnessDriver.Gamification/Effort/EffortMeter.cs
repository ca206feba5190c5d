using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Gamification.Effort;

/// <summary>
/// Effort points of an activity as it streams in: each minute between two samples at most
/// <see cref="EffortOptions.MaxGapSeconds"/> apart earns the XP rate of the zone of the later one — its power against the
/// athlete's threshold when both are known, else its heart rate. Only the first device whose reading counts (a heart
/// rate, or power against a known threshold) counts from then on: two devices must not add up. Readings no body or bike produces earn nothing and say why: a heart rate
/// outside 30–230 bpm, power above <see cref="EffortOptions.MaxPowerWatts"/>, power on a ride while the cranks stand
/// still (cadence 0).
/// </summary>
public sealed class EffortMeter
{
    private const int SustainedSamples = 10;
    private readonly Queue<int> recentHr = new();

    public double Points { get; set; }

    /// <summary>Effort XP already paid.</summary>
    public int XpPaid { get; set; }

    public long? LastT { get; set; }
    public string? Device { get; set; }

    /// <summary>The highest heart rate held for 10 readings in a row since this meter was loaded.</summary>
    public int? SustainedMaxHr { get; private set; }

    /// <summary>Why readings since this meter was loaded earned nothing (each reason once).</summary>
    public List<string> Reasons { get; } = [];

    public void Observe(Sample sample, string deviceId, Sport sport, AthleteZones zones, EffortOptions options)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(options);
        if (sample.Hr is null && sample.Power is null || Device is not null && Device != deviceId)
            return;
        var zone = Zone(sample, deviceId, sport, zones, options);
        // A device is chosen by its first reading that counts: a trainer's power without a threshold must not shut out the strap.
        if (zone is null && Device is null)
            return;
        Device ??= deviceId;
        if (LastT is { } last && sample.T <= last)
            return;
        if (zone is { } counted && LastT is { } previous && sample.T - previous <= options.MaxGapSeconds * 1000L)
            Points += (sample.T - previous) / 60_000.0 * options.RateOf(counted);
        LastT = sample.T;
    }

    /// <summary>The zone the sample earns in, or null when its readings earn nothing.</summary>
    private int? Zone(Sample sample, string deviceId, Sport sport, AthleteZones zones, EffortOptions options)
    {
        if (sample.Power is > 0 and var watts && zones.FtpWatts is not null)
        {
            if (watts > options.MaxPowerWatts)
                return Refuse($"{deviceId}: power above {options.MaxPowerWatts} W, beyond what a rider produces");
            if (sport == Sport.Ride && sample.Cadence == 0)
                return Refuse($"{deviceId}: power while the cranks stood still (cadence 0)");
            return zones.PowerZone(watts);
        }

        if (sample.Hr is not { } hr)
            return null;
        if (hr is < 30 or > 230)
            return Refuse($"{deviceId}: heart rates outside 30–230 bpm are not a human heart");
        recentHr.Enqueue(hr);
        if (recentHr.Count > SustainedSamples)
            recentHr.Dequeue();
        if (recentHr.Count == SustainedSamples)
            SustainedMaxHr = Math.Max(SustainedMaxHr ?? 0, recentHr.Min());
        return zones.HeartRateZone(hr);
    }

    private int? Refuse(string reason)
    {
        if (!Reasons.Contains(reason, StringComparer.Ordinal))
            Reasons.Add(reason);
        return null;
    }
}
