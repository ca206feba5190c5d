using System.Buffers.Binary;

namespace FitnessDriver.Devices.Gatt;

/// <summary>Reads little-endian GATT fields in order and names the missing field when a payload ends early.</summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> _payload = payload;

    public int Offset { get; private set; }

    public readonly int Remaining => _payload.Length - Offset;

    public byte ReadUInt8(string field) => Take(1, field)[0];

    public sbyte ReadSInt8(string field) => (sbyte)Take(1, field)[0];

    public ushort ReadUInt16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));

    public short ReadSInt16(string field) => BinaryPrimitives.ReadInt16LittleEndian(Take(2, field));

    public uint ReadUInt24(string field)
    {
        var bytes = Take(3, field);
        return (uint)(bytes[0] | (bytes[1] << 8) | (bytes[2] << 16));
    }

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (Remaining < count)
        {
            throw new GattDecodeException(
                Offset, $"payload ends inside {field}: needs {count} byte(s), {Remaining} left");
        }

        var slice = _payload.Slice(Offset, count);
        Offset += count;
        return slice;
    }
}
