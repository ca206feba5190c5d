using System.Collections;

namespace FitnessDriver.Telemetry;

/// <summary>
/// A Bloom filter of ids in a fixed amount of memory: <see cref="MayContain"/> is never false for an id added, and is
/// true for an id never added only now and then (more often the more were added).
/// </summary>
internal sealed class ProbableSet(int bitsLog2 = 24)
{
    private const int Hashes = 3;
    private readonly BitArray bits = new(1 << bitsLog2);
    private readonly int shift = 64 - bitsLog2;

    public void Add(Guid id)
    {
        foreach (var bit in BitsOf(id))
            bits[bit] = true;
    }

    public bool MayContain(Guid id) => BitsOf(id).All(bit => bits[bit]);

    // Double hashing over the two halves of the id, spread by a multiplicative hash (Fibonacci hashing).
    private int[] BitsOf(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        var first = BitConverter.ToUInt64(bytes[..8]);
        var second = BitConverter.ToUInt64(bytes[8..]) | 1;
        var result = new int[Hashes];
        for (var i = 0; i < Hashes; i++)
            result[i] = (int)(((first + ((ulong)i * second)) * 0x9E3779B97F4A7C15UL) >> shift);
        return result;
    }
}
