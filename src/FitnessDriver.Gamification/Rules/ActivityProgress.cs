using FitnessDriver.Contracts;

namespace FitnessDriver.Gamification.Rules;

/// <summary>A kilometre boundary crossed at sample time <paramref name="T"/>.</summary>
public readonly record struct KilometreCrossed(int Km, long T);

/// <summary>
/// The distance of an activity and the kilometres already paid out. The activity's distance is the longest any of
/// its devices measured: two devices recording the same workout must not add up.
/// </summary>
public sealed class ActivityProgress(Guid activityId, Guid athleteId, Sport sport)
{
    public Guid ActivityId { get; } = activityId;
    public Guid AthleteId { get; } = athleteId;
    public Sport Sport { get; } = sport;
    public double DistanceM { get; set; }
    public int AwardedKm { get; set; }

    /// <summary>Distance its devices claimed that was not plausible.</summary>
    public double RejectedM { get; set; }

    /// <summary>Whether any of it came from an imported file.</summary>
    public bool Imported { get; set; }

    /// <summary>Whether a dedicated sensor (strap, power meter, trainer, wheel sensor, footpod) recorded it live.</summary>
    public bool SensorRecorded { get; set; }

    /// <summary>Its best efforts so far (personal record candidates).</summary>
    public Efforts Efforts { get; init; } = new();

    /// <summary>Its effort points and effort XP paid so far.</summary>
    public Effort.EffortMeter Effort { get; init; } = new();

    /// <summary>Its moving time and elevation gain so far.</summary>
    public ActivityMotion Motion { get; init; } = new();

    /// <summary>Why distance was refused, in plain words (the first few).</summary>
    public List<string> Reasons { get; init; } = [];

    /// <summary>
    /// Implausible once the distance refused reaches <paramref name="flagAfterM"/> and a tenth of what counted: a GPS
    /// glitch of a few hundred metres is not cheating, a teleport or a car is.
    /// </summary>
    public bool IsImplausible(double flagAfterM) => RejectedM >= Math.Max(flagAfterM, DistanceM / 10);

    /// <summary>implausible, imported-file, sensor-verified or phone-gps.</summary>
    public string TrustLevel(double flagAfterM) =>
        IsImplausible(flagAfterM) ? "implausible" : Imported ? "imported-file" : SensorRecorded ? "sensor-verified" : "phone-gps";

    /// <summary>
    /// Feeds a device's samples in time order and returns the kilometres newly crossed; effort counts in
    /// <paramref name="zones"/> when given.
    /// </summary>
    public List<KilometreCrossed> Advance(DeviceTrack track, IEnumerable<Contracts.Telemetry.Sample> samples, Effort.AthleteZones? zones = null,
        Effort.EffortOptions? effort = null)
    {
        ArgumentNullException.ThrowIfNull(track);
        var (rejectedBefore, reasonsBefore) = (track.RejectedM, track.Reasons.Count);
        var crossed = new List<KilometreCrossed>();
        foreach (var sample in samples.OrderBy(s => s.T))
        {
            if (!track.Advance(sample))
                continue;
            DistanceM = Math.Max(DistanceM, track.DistanceM);
            Efforts.Observe(Sport, sample, DistanceM, track.DeviceId);
            Motion.Observe(sample, track.DeviceId, DistanceM);
            if (zones is not null && effort is not null)
                Effort.Observe(sample, track.DeviceId, Sport, zones, effort);
            while ((int)(DistanceM / 1000) > AwardedKm)
            {
                AwardedKm++;
                crossed.Add(new KilometreCrossed(AwardedKm, sample.T));
            }
        }

        RejectedM += track.RejectedM - rejectedBefore;
        Reasons.AddRange(track.Reasons.Skip(reasonsBefore).Take(DeviceTrack.MaxReasons - Reasons.Count));
        Reasons.AddRange(Effort.Reasons.Where(r => !Reasons.Contains(r, StringComparer.Ordinal)).Take(DeviceTrack.MaxReasons - Reasons.Count).ToList());
        return crossed;
    }

    /// <summary>
    /// Effort XP steps now due: effort tops distance up, so an activity earns the larger of its distance's XP
    /// (<paramref name="xpPerKm"/> a kilometre, counted to the metre so that effort does not pay while the first
    /// kilometre is on its way) and its effort points. Returns the numbers of the new steps.
    /// </summary>
    public List<int> EffortStepsDue(int xpPerKm, int step)
    {
        var due = new List<int>();
        // A millionth of a point absorbs the rounding of summing minutes a second at a time.
        while (step > 0 && Effort.XpPaid + step <= Effort.Points - DistanceM / 1000 * xpPerKm + 1e-6)
        {
            Effort.XpPaid += step;
            due.Add(Effort.XpPaid / step);
        }

        return due;
    }
}
