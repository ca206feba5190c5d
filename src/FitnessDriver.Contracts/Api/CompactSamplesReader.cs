using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Contracts.Api;

/// <summary>
/// Reads <see cref="CompactSamples"/> bodies. Every read is bounds-checked; a failure names the field being read
/// (<c>samples[12].t</c>, <c>samples[3].rr</c>, <c>deviceId</c>, …) and the byte where it happened.
/// </summary>
internal ref struct CompactSamplesReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> body;
    private int position;
    private string section = "body";
    private int index = -1;

    private CompactSamplesReader(ReadOnlySpan<byte> body) => this.body = body;

    public static SampleBatchRequest Read(ReadOnlySpan<byte> body, int maxSamples)
    {
        var reader = new CompactSamplesReader(body);
        return reader.ReadBatch(maxSamples);
    }

    private SampleBatchRequest ReadBatch(int maxSamples)
    {
        if (body.IsEmpty)
            throw new CompactSamplesException("body", "is empty: a compact batch starts with its version byte");
        var version = ReadByte();
        if (version != CompactSamples.Version)
            throw new CompactSamplesException("body", $"version {version} is not supported (expected {CompactSamples.Version})");
        section = "deviceId";
        var deviceId = ReadText();
        section = "deviceKind";
        var deviceKind = ReadText();
        section = "samples";
        var count = ReadUnsigned();
        if (count > (ulong)maxSamples)
        {
            throw new CompactSamplesException("samples",
                $"A request may carry at most {maxSamples} samples; this one has {count}. Split it.", tooManySamples: true);
        }

        // Each time takes at least one byte.
        if (count > (ulong)(body.Length - position))
            throw Fail($"announces {count} samples but the body ends at byte {body.Length}");

        section = "channels";
        var mask = ReadUnsigned();
        if (!CompactSamples.IsKnownMask(mask))
            throw new CompactSamplesException("channels", $"mask {mask:#x} has bits of no known channel (known: {string.Join(", ", CompactSamples.Channels)})");

        var n = (int)count;
        var times = ReadTimes(n);
        using var columns = new ChannelColumns(n, (uint)mask);
        for (var c = 0; c < CompactSamples.Channels.Count; c++)
        {
            if ((mask & (1u << c)) != 0)
                ReadChannel(c, columns);
        }

        index = -1;
        section = "body";
        if (position != body.Length)
            throw new CompactSamplesException("body", $"{body.Length - position} bytes follow the last channel at byte {position}");
        var samples = new List<Sample>(n);
        for (var i = 0; i < n; i++)
            samples.Add(columns.Sample(i, times[i]));
        return new SampleBatchRequest(deviceId, samples, deviceKind.Length == 0 ? null : deviceKind);
    }

    private long[] ReadTimes(int count)
    {
        section = "t";
        var times = new long[count];
        long previous = 0;
        for (index = 0; index < count; index++)
        {
            var delta = ReadSigned();
            var t = unchecked(previous + delta);
            if ((delta > 0 && t < previous) || (delta < 0 && t > previous))
                throw Fail("is out of range: the time overflows 64 bits");
            times[index] = previous = t;
        }

        return times;
    }

    private void ReadChannel(int channel, ChannelColumns columns)
    {
        section = CompactSamples.Channels[channel];
        index = -1;
        var bitmap = ReadBytes((columns.Count + 7) / 8, "its presence bitmap");
        if (columns.Count % 8 != 0 && (bitmap[^1] >> (columns.Count % 8)) != 0)
            throw Fail($"presence bitmap has bits set past the last sample (byte {position - 1})");
        for (index = 0; index < columns.Count; index++)
        {
            if ((bitmap[index / 8] & (1 << (index % 8))) == 0)
                continue;
            switch (channel)
            {
                case 0: columns.Hr![index] = ReadInt32(); break;
                case 1: columns.Power![index] = ReadInt32(); break;
                case 2: columns.Cadence![index] = ReadInt32(); break;
                case 3: columns.Speed![index] = BinaryPrimitives.ReadSingleLittleEndian(ReadBytes(4, "a float32")); break;
                case 4: columns.Distance![index] = BinaryPrimitives.ReadDoubleLittleEndian(ReadBytes(8, "a float64")); break;
                case 5: columns.Lat![index] = BinaryPrimitives.ReadDoubleLittleEndian(ReadBytes(8, "a float64")); break;
                case 6: columns.Lon![index] = BinaryPrimitives.ReadDoubleLittleEndian(ReadBytes(8, "a float64")); break;
                case 7: columns.Alt![index] = BinaryPrimitives.ReadSingleLittleEndian(ReadBytes(4, "a float32")); break;
                default: columns.Rr![index] = ReadIntervals(); break;
            }
        }
    }

    private int[] ReadIntervals()
    {
        var count = ReadUnsigned();
        // Each interval takes at least one byte: a count beyond what is left is a truncated body, not an allocation.
        if (count > (ulong)(body.Length - position))
            throw Fail($"announces {count} intervals but the body ends at byte {body.Length}");
        var intervals = new int[(int)count];
        for (var i = 0; i < intervals.Length; i++)
            intervals[i] = ReadInt32();
        return intervals;
    }

    private string ReadText()
    {
        var length = ReadUnsigned();
        if (length > (ulong)(body.Length - position))
            throw Fail($"announces {length} bytes but the body ends at byte {body.Length}");
        var bytes = ReadBytes((int)length, "its text");
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Fail("must be UTF-8");
        }
    }

    private byte ReadByte() => ReadBytes(1, "a byte")[0];

    private ReadOnlySpan<byte> ReadBytes(int count, string what)
    {
        if (count > body.Length - position)
            throw Fail($"is truncated: the body ends at byte {body.Length}, {count - (body.Length - position)} bytes short of {what}");
        var slice = body.Slice(position, count);
        position += count;
        return slice;
    }

    private ulong ReadUnsigned()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadBytes(1, "a varint")[0];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return result;
        }

        throw Fail($"has a varint longer than 10 bytes (byte {position})");
    }

    private long ReadSigned()
    {
        var raw = ReadUnsigned();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    private int ReadInt32()
    {
        var value = ReadSigned();
        return value is < int.MinValue or > int.MaxValue ? throw Fail($"must be an integer of 32 bits, not {value}") : (int)value;
    }

    private readonly CompactSamplesException Fail(string message) =>
        new(index < 0 ? section : $"samples[{index}].{section}", message);

    /// <summary>Decoded channel values by sample in pooled arrays, returned once the samples are built; only the channels of the mask have arrays.</summary>
    private sealed class ChannelColumns(int count, uint mask) : IDisposable
    {
        public int Count { get; } = count;
        public int?[]? Hr { get; } = Column<int>(count, mask, 0);
        public int?[]? Power { get; } = Column<int>(count, mask, 1);
        public int?[]? Cadence { get; } = Column<int>(count, mask, 2);
        public float?[]? Speed { get; } = Column<float>(count, mask, 3);
        public double?[]? Distance { get; } = Column<double>(count, mask, 4);
        public double?[]? Lat { get; } = Column<double>(count, mask, 5);
        public double?[]? Lon { get; } = Column<double>(count, mask, 6);
        public float?[]? Alt { get; } = Column<float>(count, mask, 7);
        public int[]?[]? Rr { get; } = Column(count, mask, 8, ArrayPool<int[]?>.Shared);

        public Sample Sample(int i, long t) =>
            new(t, Hr?[i], Power?[i], Cadence?[i], Speed?[i], Distance?[i], Lat?[i], Lon?[i], Alt?[i], Rr?[i]);

        public void Dispose()
        {
            Return(Hr);
            Return(Power);
            Return(Cadence);
            Return(Speed);
            Return(Distance);
            Return(Lat);
            Return(Lon);
            Return(Alt);
            Return(Rr);
        }

        private static T?[]? Column<T>(int count, uint mask, int bit)
            where T : struct => Column(count, mask, bit, ArrayPool<T?>.Shared);

        /// <summary>A rented array whose first <paramref name="count"/> values are empty, or null when the channel is absent.</summary>
        private static T[]? Column<T>(int count, uint mask, int bit, ArrayPool<T> pool)
        {
            if ((mask & (1u << bit)) == 0)
                return null;
            var column = pool.Rent(count);
            Array.Clear(column, 0, count);
            return column;
        }

        /// <summary>Returns a column; one of references is cleared, so the pool holds on to no sample's intervals.</summary>
        private static void Return<T>(T[]? column)
        {
            if (column is not null)
                ArrayPool<T>.Shared.Return(column, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }
}
