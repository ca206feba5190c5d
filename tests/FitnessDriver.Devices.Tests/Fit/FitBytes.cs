using System.Buffers.Binary;
using FitnessDriver.Devices.Fit;

namespace FitnessDriver.Devices.Tests.Fit;

/// <summary>Builds small FIT files message by message, for shapes no device file in the repository has.</summary>
internal static class FitBytes
{
    /// <summary>A definition message: local type, global message number and fields (number, size, base type), little-endian.</summary>
    public static byte[] Definition(byte local, ushort global, params (byte Number, byte Size, byte BaseType)[] fields) =>
        [(byte)(0x40 | local), 0, 0, (byte)global, (byte)(global >> 8), (byte)fields.Length, .. fields.SelectMany(f => new[] { f.Number, f.Size, f.BaseType })];

    /// <summary>Little-endian unsigned 16-bit values.</summary>
    public static byte[] UInt16s(params ushort[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    /// <summary>A whole file: 14-byte header with its CRC, the records, the file CRC.</summary>
    public static byte[] File(params byte[][] records)
    {
        byte[] data = [.. records.SelectMany(r => r)];
        var header = new byte[14];
        header[0] = 14;
        header[1] = 0x20;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 2195);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)data.Length);
        ".FIT"u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), FitCrc.Compute(header.AsSpan(0, 12)));
        byte[] body = [.. header, .. data];
        return [.. body, .. BitConverter.GetBytes(FitCrc.Compute(body))];
    }
}
