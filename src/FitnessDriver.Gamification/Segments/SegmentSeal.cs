using System.Buffers.Binary;
using FitnessDriver.Contracts.Privacy;

namespace FitnessDriver.Gamification.Segments;

/// <summary>A segment's name and path, sealed with its maker's data key: a stretch of their track is theirs.</summary>
internal static class SegmentSeal
{
    public static (byte[] Name, byte[] Path) Seal(byte[] key, Guid athleteId, string name, IReadOnlyList<(double Lat, double Lon)> path)
    {
        var plain = new byte[path.Count * 16];
        for (var i = 0; i < path.Count; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(plain.AsSpan(i * 16), path[i].Lat);
            BinaryPrimitives.WriteDoubleLittleEndian(plain.AsSpan(i * 16 + 8), path[i].Lon);
        }

        return (Sealed.Seal(key, athleteId, Purposes.SegmentName, name), Sealed.Seal(key, athleteId, Purposes.SegmentPath, plain));
    }

    public static string OpenName(byte[] key, byte[] sealedName) => Sealed.OpenText(key, Purposes.SegmentName, sealedName);

    public static List<(double Lat, double Lon)> OpenPath(byte[] key, byte[] sealedPath)
    {
        var plain = Sealed.Open(key, Purposes.SegmentPath, sealedPath);
        var path = new List<(double Lat, double Lon)>(plain.Length / 16);
        for (var offset = 0; offset + 16 <= plain.Length; offset += 16)
            path.Add((BinaryPrimitives.ReadDoubleLittleEndian(plain.AsSpan(offset)), BinaryPrimitives.ReadDoubleLittleEndian(plain.AsSpan(offset + 8))));
        return path;
    }
}
