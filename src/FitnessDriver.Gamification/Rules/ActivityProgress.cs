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

    /// <summary>Feeds a device's samples in time order and returns the kilometres newly crossed.</summary>
    public List<KilometreCrossed> Advance(DeviceTrack track, IEnumerable<Contracts.Telemetry.Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(track);
        var crossed = new List<KilometreCrossed>();
        foreach (var sample in samples.OrderBy(s => s.T))
        {
            if (!track.Advance(sample))
                continue;
            DistanceM = Math.Max(DistanceM, track.DistanceM);
            while ((int)(DistanceM / 1000) > AwardedKm)
            {
                AwardedKm++;
                crossed.Add(new KilometreCrossed(AwardedKm, sample.T));
            }
        }

        return crossed;
    }
}
