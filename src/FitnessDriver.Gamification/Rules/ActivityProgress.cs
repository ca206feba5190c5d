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

    /// <summary>Feeds a device's samples in time order and returns the kilometres newly crossed.</summary>
    public List<KilometreCrossed> Advance(DeviceTrack track, IEnumerable<Contracts.Telemetry.Sample> samples)
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
            while ((int)(DistanceM / 1000) > AwardedKm)
            {
                AwardedKm++;
                crossed.Add(new KilometreCrossed(AwardedKm, sample.T));
            }
        }

        RejectedM += track.RejectedM - rejectedBefore;
        Reasons.AddRange(track.Reasons.Skip(reasonsBefore).Take(DeviceTrack.MaxReasons - Reasons.Count));
        return crossed;
    }
}
