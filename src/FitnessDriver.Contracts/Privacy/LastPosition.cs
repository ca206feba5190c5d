using System.Buffers.Binary;

namespace FitnessDriver.Contracts.Privacy;

/// <summary>
/// The last position of a device, kept to measure the next step of a distance and sealed with the athlete's data key:
/// it is where the athlete is, and erasing the key leaves none readable.
/// </summary>
public static class LastPosition
{
    /// <summary>Seals the position for <paramref name="purpose"/> (one of <see cref="Purposes"/>).</summary>
    public static byte[] Seal(byte[] key, Guid athleteId, string purpose, double lat, double lon)
    {
        Span<byte> plain = stackalloc byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(plain, lat);
        BinaryPrimitives.WriteDoubleLittleEndian(plain[8..], lon);
        return Sealed.Seal(key, athleteId, purpose, plain);
    }

    /// <summary>Opens a position <see cref="Seal"/> sealed for <paramref name="purpose"/>.</summary>
    public static (double Lat, double Lon) Open(byte[] key, string purpose, byte[] sealedPosition)
    {
        var plain = Sealed.Open(key, purpose, sealedPosition);
        return (BinaryPrimitives.ReadDoubleLittleEndian(plain), BinaryPrimitives.ReadDoubleLittleEndian(plain.AsSpan(8)));
    }
}
