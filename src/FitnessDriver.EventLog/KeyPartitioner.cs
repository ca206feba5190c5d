using System.Text;

namespace FitnessDriver.EventLog;

/// <summary>Maps a key to a partition with a stable hash, so a key always lands in the same partition.</summary>
public static class KeyPartitioner
{
    /// <summary>The partition of <paramref name="key"/> among <paramref name="partitionCount"/>.</summary>
    public static int PartitionFor(string key, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        // FNV-1a over UTF-8: stable across processes and runtimes, unlike string.GetHashCode.
        uint hash = 2166136261;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(key) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(key, buffer)]
            : Encoding.UTF8.GetBytes(key);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 16777619;
        }

        return (int)(hash % (uint)partitionCount);
    }
}
