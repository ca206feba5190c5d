using System.Buffers.Binary;
using FitnessDriver.Contracts.Privacy;

namespace FitnessDriver.Social.Feed;

/// <summary>
/// A device's latest position, kept to measure the next step of a distance, sealed with the athlete's data key: erasing
/// the key leaves none readable.
/// </summary>
internal static class SealedPosition
{
    /// <summary>The sealed position, or null when the tally has none.</summary>
    public static byte[]? Seal(byte[] key, Guid athleteId, DeviceTally? tally)
    {
        if (tally?.LastLat is not { } lat || tally.LastLon is not { } lon)
            return null;
        var plain = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(plain, lat);
        BinaryPrimitives.WriteDoubleLittleEndian(plain.AsSpan(8), lon);
        return Sealed.Seal(key, athleteId, Purposes.SocialLastPosition, plain);
    }

    /// <summary>The tally with the position <paramref name="position"/> held, if any.</summary>
    public static DeviceTally Open(byte[] key, DeviceTally tally, byte[]? position)
    {
        if (position is null)
            return tally;
        var plain = Sealed.Open(key, Purposes.SocialLastPosition, position);
        return tally with { LastLat = BinaryPrimitives.ReadDoubleLittleEndian(plain), LastLon = BinaryPrimitives.ReadDoubleLittleEndian(plain.AsSpan(8)) };
    }
}
