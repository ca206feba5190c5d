using System.Diagnostics.CodeAnalysis;

namespace FitnessDriver.Devices.Fit;

/// <summary>FIT base types, numbered as in a definition message with the endian bit cleared.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The FIT protocol's own type names.")]
public enum FitBaseType : byte
{
    /// <summary>8-bit enumeration; invalid 0xFF.</summary>
    Enum = 0x00,
    /// <summary>Signed 8-bit; invalid 0x7F.</summary>
    SInt8 = 0x01,
    /// <summary>Unsigned 8-bit; invalid 0xFF.</summary>
    UInt8 = 0x02,
    /// <summary>Signed 16-bit; invalid 0x7FFF.</summary>
    SInt16 = 0x03,
    /// <summary>Unsigned 16-bit; invalid 0xFFFF.</summary>
    UInt16 = 0x04,
    /// <summary>Signed 32-bit; invalid 0x7FFFFFFF.</summary>
    SInt32 = 0x05,
    /// <summary>Unsigned 32-bit; invalid 0xFFFFFFFF.</summary>
    UInt32 = 0x06,
    /// <summary>Null-terminated UTF-8; invalid when empty.</summary>
    String = 0x07,
    /// <summary>32-bit float; invalid all ones.</summary>
    Float32 = 0x08,
    /// <summary>64-bit float; invalid all ones.</summary>
    Float64 = 0x09,
    /// <summary>Unsigned 8-bit; invalid 0x00.</summary>
    UInt8Z = 0x0A,
    /// <summary>Unsigned 16-bit; invalid 0x0000.</summary>
    UInt16Z = 0x0B,
    /// <summary>Unsigned 32-bit; invalid 0x00000000.</summary>
    UInt32Z = 0x0C,
    /// <summary>Raw bytes; an array is invalid when every byte is 0xFF.</summary>
    Byte = 0x0D,
    /// <summary>Signed 64-bit; invalid 0x7FFFFFFFFFFFFFFF.</summary>
    SInt64 = 0x0E,
    /// <summary>Unsigned 64-bit; invalid 0xFFFFFFFFFFFFFFFF.</summary>
    UInt64 = 0x0F,
    /// <summary>Unsigned 64-bit; invalid 0.</summary>
    UInt64Z = 0x10,
}

/// <summary>Sizes, sentinels and reading of <see cref="FitBaseType"/> values.</summary>
internal static class FitBaseTypes
{
    public static bool IsKnown(int number) => number is >= 0 and <= 0x10;

    public static int Size(FitBaseType type) => type switch
    {
        FitBaseType.Enum or FitBaseType.SInt8 or FitBaseType.UInt8 or FitBaseType.String or FitBaseType.UInt8Z
            or FitBaseType.Byte => 1,
        FitBaseType.SInt16 or FitBaseType.UInt16 or FitBaseType.UInt16Z => 2,
        FitBaseType.SInt32 or FitBaseType.UInt32 or FitBaseType.Float32 or FitBaseType.UInt32Z => 4,
        _ => 8,
    };

    /// <summary>Reads one element; the raw bit pattern is compared with the sentinel before any conversion.</summary>
    public static double Read(FitBaseType type, ReadOnlySpan<byte> bytes, bool bigEndian, out bool invalid)
    {
        ulong raw = 0;
        var size = bytes.Length;
        for (var i = 0; i < size; i++)
        {
            var b = bigEndian ? bytes[i] : bytes[size - 1 - i];
            raw = (raw << 8) | b;
        }

        switch (type)
        {
            case FitBaseType.Enum or FitBaseType.UInt8 or FitBaseType.Byte:
                invalid = raw == 0xFF;
                return raw;
            case FitBaseType.SInt8:
                invalid = raw == 0x7F;
                return (sbyte)raw;
            case FitBaseType.SInt16:
                invalid = raw == 0x7FFF;
                return (short)raw;
            case FitBaseType.UInt16:
                invalid = raw == 0xFFFF;
                return raw;
            case FitBaseType.SInt32:
                invalid = raw == 0x7FFFFFFF;
                return (int)raw;
            case FitBaseType.UInt32:
                invalid = raw == 0xFFFFFFFF;
                return raw;
            case FitBaseType.Float32:
                invalid = raw == 0xFFFFFFFF;
                return BitConverter.UInt32BitsToSingle((uint)raw);
            case FitBaseType.Float64:
                invalid = raw == ulong.MaxValue;
                return BitConverter.UInt64BitsToDouble(raw);
            case FitBaseType.SInt64:
                invalid = raw == long.MaxValue;
                return (long)raw;
            case FitBaseType.UInt64:
                invalid = raw == ulong.MaxValue;
                return raw;
            default:
                invalid = raw == 0;
                return raw;
        }
    }
}
