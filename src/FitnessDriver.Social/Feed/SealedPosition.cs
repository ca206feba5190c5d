using FitnessDriver.Contracts.Privacy;

namespace FitnessDriver.Social.Feed;

/// <summary>A tally's latest position, sealed with the athlete's data key (<see cref="LastPosition"/>).</summary>
internal static class SealedPosition
{
    /// <summary>The sealed position, or null when the tally has none.</summary>
    public static byte[]? Seal(byte[] key, Guid athleteId, DeviceTally? tally) =>
        tally?.LastLat is { } lat && tally.LastLon is { } lon ? LastPosition.Seal(key, athleteId, Purposes.SocialLastPosition, lat, lon) : null;

    /// <summary>The tally with the sealed <paramref name="position"/> opened into it, if there is one.</summary>
    public static DeviceTally Open(byte[] key, DeviceTally tally, byte[]? position)
    {
        if (position is null)
            return tally;
        var (lat, lon) = LastPosition.Open(key, Purposes.SocialLastPosition, position);
        return tally with { LastLat = lat, LastLon = lon };
    }
}
