namespace FitnessDriver.Gamification;

/// <summary>What a stretch of an activity's samples within one local day added: plausible distance, moving time and climb; <paramref name="At"/> is its last sample time.</summary>
public sealed record ActivityGain(Rules.ActivityProgress Activity, DateOnly Day, double DistanceM, long MovingMs, double ElevationM, long At, bool Imported)
{
    public bool IsEmpty => DistanceM <= 0 && MovingMs <= 0 && ElevationM <= 0;
}
