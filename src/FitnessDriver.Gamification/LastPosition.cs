using System.Buffers.Binary;
using FitnessDriver.Contracts.Privacy;

namespace FitnessDriver.Gamification;

/// <summary>The last position of a device, sealed with the athlete's data key: it is where the athlete is.</summary>
internal static class LastPosition
{
    public static byte[] Seal(byte[] key, Guid athleteId, double lat, double lon)
    {
        Span<byte> plain = stackalloc byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(plain, lat);
        BinaryPrimitives.WriteDoubleLittleEndian(plain[8..], lon);
        return Sealed.Seal(key, athleteId, Purposes.LastPosition, plain);
    }

    public static (double Lat, double Lon) Open(byte[] key, byte[] sealedPosition)
    {
        var plain = Sealed.Open(key, Purposes.LastPosition, sealedPosition);
        return (BinaryPrimitives.ReadDoubleLittleEndian(plain), BinaryPrimitives.ReadDoubleLittleEndian(plain.AsSpan(8)));
    }
}
