using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Gamification.Rules;

/// <summary>
/// An activity's moving time and elevation gain as its samples stream in. Time between two samples is moving when the
/// activity's plausible distance grew by at least <see cref="MovingSpeed"/> over it, or pedals or legs turned (power or
/// cadence above zero) — a trainer ride moves nowhere — and the samples are at most <see cref="MaxGapMs"/> apart. Elevation
/// comes from the first device that reports altitude (devices disagree on it); a rise counts once it reaches
/// <see cref="ClimbStepM"/> above the lowest point since the last one counted, which filters altimeter noise, and a rise
/// faster than <see cref="MaxClimbSpeed"/> since the previous reading (an altitude jump) is not counted.
/// </summary>
public sealed class ActivityMotion
{
    /// <summary>Slower than this is standing still, metres per second.</summary>
    public const double MovingSpeed = 0.5;

    /// <summary>A longer gap between samples is a pause, not moving time.</summary>
    public const long MaxGapMs = 30_000;

    /// <summary>The rise that counts as climbing rather than noise, metres.</summary>
    public const double ClimbStepM = 3;

    /// <summary>Faster than any climb on foot or bike, metres per second.</summary>
    public const double MaxClimbSpeed = 5;

    public long MovingMs { get; set; }
    public double ElevationGainM { get; set; }
    public long? LastT { get; set; }
    public double DistanceAtLastT { get; set; }
    public string? AltitudeDevice { get; set; }
    public double? AltitudeAnchorM { get; set; }
    public long? AltitudeT { get; set; }

    /// <summary>Takes a sample of <paramref name="deviceId"/> after the activity's plausible distance became <paramref name="distanceM"/>.</summary>
    public void Observe(Sample sample, string deviceId, double distanceM)
    {
        ArgumentNullException.ThrowIfNull(sample);
        // A heart-rate strap says nothing of moving: its samples must not hide the phone's for the same seconds.
        var saysMoving = sample.Distance is not null || sample.HasPosition || sample.Power is not null || sample.Cadence is not null;
        if (saysMoving && (LastT is not { } last || sample.T > last))
        {
            if (LastT is { } previous && sample.T - previous <= MaxGapMs && IsMoving(sample, distanceM - DistanceAtLastT, sample.T - previous))
                MovingMs += sample.T - previous;
            LastT = sample.T;
            DistanceAtLastT = distanceM;
        }

        if (sample.Alt is { } alt && float.IsFinite(alt) && (AltitudeDevice ??= deviceId) == deviceId)
            Climb(alt, sample.T);
    }

    private static bool IsMoving(Sample sample, double metres, long ms) => metres >= MovingSpeed * ms / 1000.0 || sample.Power > 0 || sample.Cadence > 0;

    private void Climb(double alt, long t)
    {
        if (AltitudeAnchorM is not { } anchor || AltitudeT is not { } since || t < since || alt < anchor)
        {
            (AltitudeAnchorM, AltitudeT) = (alt, t);
            return;
        }

        var rise = alt - anchor;
        if (rise < ClimbStepM)
        {
            AltitudeT = t;
            return;
        }

        if (rise <= ClimbStepM + MaxClimbSpeed * (t - since) / 1000.0)
            ElevationGainM += rise;
        (AltitudeAnchorM, AltitudeT) = (alt, t);
    }
}
