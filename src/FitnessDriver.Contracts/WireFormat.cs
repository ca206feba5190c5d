using System.Buffers;
using System.Buffers.Binary;

namespace FitnessDriver.Contracts;

/// <summary>Varints and little-endian floats for the binary event payloads.</summary>
internal static class WireWriter
{
    public static void WriteUnsigned(IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(10);
        var count = 0;
        while (value >= 0x80)
        {
            span[count++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[count++] = (byte)value;
        writer.Advance(count);
    }

    public static void WriteSigned(IBufferWriter<byte> writer, long value) =>
        WriteUnsigned(writer, (ulong)((value << 1) ^ (value >> 63)));

    public static void WriteSingle(IBufferWriter<byte> writer, float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    public static void WriteDouble(IBufferWriter<byte> writer, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }
}

/// <summary>Reads what <see cref="WireWriter"/> wrote; every read is bounds-checked.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;
    private int position;

    public readonly int Remaining => data.Length - position;

    public byte ReadByte() => ReadBytes(1)[0];

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
            throw new ContractFormatException($"Payload ends at byte {data.Length}; {count} more bytes were expected at byte {position}.");
        var slice = data.Slice(position, count);
        position += count;
        return slice;
    }

    public ulong ReadUnsigned()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return result;
        }

        throw new ContractFormatException($"Overlong varint before byte {position}.");
    }

    public long ReadSigned()
    {
        var raw = ReadUnsigned();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public int ReadInt32()
    {
        var value = ReadSigned();
        if (value is < int.MinValue or > int.MaxValue)
            throw new ContractFormatException($"Value {value} before byte {position} does not fit 32 bits.");
        return (int)value;
    }

    public int ReadLength()
    {
        var value = ReadUnsigned();
        if (value > int.MaxValue)
            throw new ContractFormatException($"Length {value} before byte {position} is too large.");
        return (int)value;
    }

    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(ReadBytes(4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(ReadBytes(8));
}
