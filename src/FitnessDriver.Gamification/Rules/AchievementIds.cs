using System.Security.Cryptography;
using System.Text;

namespace FitnessDriver.Gamification.Rules;

/// <summary>
/// Name-based (version 5) UUIDs for achievements: the same award always gets the same id, so every consumer
/// downstream can drop duplicates by id.
/// </summary>
public static class AchievementIds
{
    private static readonly Guid Namespace = new("5b0d6a0e-8a43-4d1e-9f6a-6f1d3c0c2a11");

    /// <summary>The id of the achievement named <paramref name="name"/>.</summary>
    public static Guid For(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetByteCount(name)];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5; this is naming, not security.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
