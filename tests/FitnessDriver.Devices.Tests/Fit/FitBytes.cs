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

    /// <summary>
    /// A triathlon as a watch records it, 1 Hz from <paramref name="start"/> (FIT seconds): a 600 s swim at 1 m/s, a 60 s
    /// transition, a 1,200 s ride at 8 m/s, a 60 s transition and a 600 s run at 3 m/s, each leg's distance from zero,
    /// then a session per leg and transition.
    /// </summary>
    public static byte[] Triathlon(uint start)
    {
        List<byte[]> records = [Definition(0, 20, (253, 4, 0x86), (5, 4, 0x86), (3, 1, 0x02))];
        (uint From, int Seconds, double Speed, byte Sport)[] legs = [(0, 600, 1, 5), (600, 60, 0, 3), (660, 1200, 8, 2), (1860, 60, 0, 3), (1920, 600, 3, 1)];
        double distance = 0;
        foreach (var (from, seconds, speed, sport) in legs)
        {
            distance = sport == 3 ? distance : 0;
            for (var i = 0; i < seconds; i++, distance += speed)
                records.Add([0, .. BitConverter.GetBytes(start + from + (uint)i), .. BitConverter.GetBytes((uint)Math.Round(distance * 100)), 140]);
        }

        records.Add(Definition(1, 18, (253, 4, 0x86), (2, 4, 0x86), (5, 1, 0x00)));
        foreach (var (from, seconds, _, sport) in legs)
            records.Add([1, .. BitConverter.GetBytes(start + from + (uint)seconds), .. BitConverter.GetBytes(start + from), sport]);
        return File([.. records]);
    }

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
