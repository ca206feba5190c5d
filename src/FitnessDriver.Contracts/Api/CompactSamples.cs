using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Contracts.Api;

/// <summary>
/// The compact, columnar body of <c>POST /v1/activities/{activityId}/samples</c>
/// (<c>Content-Type: application/x-fd-samples</c>): the same batch as the JSON body in a fraction of its bytes, read
/// without a JSON parser.
/// </summary>
/// <remarks>
/// Version 1, in order: version byte (1); device id (varint byte length, UTF-8); device kind (the same, length 0 when
/// absent); sample count (varint); channel mask (varint: hr 1, power 2, cadence 4, speed 8, distance 16, lat 32, lon 64,
/// alt 128, rr 256); every sample's time (epoch milliseconds as a zig-zag varint, each after the first as the difference
/// from the one before); then each channel of the mask, in bit order, as a presence bitmap (⌈count / 8⌉ bytes, sample i
/// in bit i % 8 of byte i / 8, unused bits 0) followed by the values of the samples that have it — hr, power and cadence
/// as zig-zag varints, speed and alt as little-endian float32, distance, lat and lon as little-endian float64, rr as a
/// varint count and that many zig-zag varints. Nothing may follow the last channel.
/// </remarks>
public static class CompactSamples
{
    /// <summary>The media type of the compact body.</summary>
    public const string MediaType = "application/x-fd-samples";

    /// <summary>The version this code writes and reads.</summary>
    public const byte Version = 1;

    /// <summary>Channel names in mask-bit order.</summary>
    public static IReadOnlyList<string> Channels { get; } = ["hr", "power", "cadence", "speed", "distance", "lat", "lon", "alt", "rr"];

    private const uint KnownChannels = (1u << 9) - 1;

    /// <summary>Encodes a batch; channels no sample has are left out.</summary>
    public static byte[] Encode(SampleBatchRequest batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var samples = batch.Samples ?? [];
        var writer = new ArrayBufferWriter<byte>(32 + samples.Count * 40);
        writer.Write([Version]);
        WriteText(writer, batch.DeviceId ?? "");
        WriteText(writer, batch.DeviceKind ?? "");
        WriteUnsigned(writer, (ulong)samples.Count);
        var mask = 0u;
        for (var c = 0; c < Channels.Count; c++)
        {
            if (samples.Any(s => Has(s, c)))
                mask |= 1u << c;
        }

        WriteUnsigned(writer, mask);
        long previous = 0;
        foreach (var sample in samples)
        {
            WriteSigned(writer, sample.T - previous);
            previous = sample.T;
        }

        for (var c = 0; c < Channels.Count; c++)
        {
            if ((mask & (1u << c)) == 0)
                continue;
            var bitmap = writer.GetSpan((samples.Count + 7) / 8)[..((samples.Count + 7) / 8)];
            bitmap.Clear();
            for (var i = 0; i < samples.Count; i++)
            {
                if (Has(samples[i], c))
                    bitmap[i / 8] |= (byte)(1 << (i % 8));
            }

            writer.Advance(bitmap.Length);
            foreach (var sample in samples.Where(s => Has(s, c)))
                WriteValue(writer, sample, c);
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a body into the request the JSON body would have given.</summary>
    /// <exception cref="CompactSamplesException">The body is not a well-formed compact batch, or holds more than <paramref name="maxSamples"/> samples.</exception>
    public static SampleBatchRequest Decode(ReadOnlySpan<byte> body, int maxSamples) => CompactSamplesReader.Read(body, maxSamples);

    internal static bool IsKnownMask(ulong mask) => (mask & ~(ulong)KnownChannels) == 0;

    private static bool Has(Sample sample, int channel) => channel switch
    {
        0 => sample.Hr is not null,
        1 => sample.Power is not null,
        2 => sample.Cadence is not null,
        3 => sample.Speed is not null,
        4 => sample.Distance is not null,
        5 => sample.Lat is not null,
        6 => sample.Lon is not null,
        7 => sample.Alt is not null,
        _ => sample.Rr is not null,
    };

    private static void WriteValue(ArrayBufferWriter<byte> writer, Sample sample, int channel)
    {
        switch (channel)
        {
            case 0: WriteSigned(writer, sample.Hr!.Value); break;
            case 1: WriteSigned(writer, sample.Power!.Value); break;
            case 2: WriteSigned(writer, sample.Cadence!.Value); break;
            case 3: BinaryPrimitives.WriteSingleLittleEndian(writer.GetSpan(4), sample.Speed!.Value); writer.Advance(4); break;
            case 4: BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(8), sample.Distance!.Value); writer.Advance(8); break;
            case 5: BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(8), sample.Lat!.Value); writer.Advance(8); break;
            case 6: BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(8), sample.Lon!.Value); writer.Advance(8); break;
            case 7: BinaryPrimitives.WriteSingleLittleEndian(writer.GetSpan(4), sample.Alt!.Value); writer.Advance(4); break;
            default:
                WriteUnsigned(writer, (ulong)sample.Rr!.Count);
                foreach (var interval in sample.Rr)
                    WriteSigned(writer, interval);
                break;
        }
    }

    private static void WriteText(ArrayBufferWriter<byte> writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteUnsigned(writer, (ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteSigned(ArrayBufferWriter<byte> writer, long value) => WireWriter.WriteSigned(writer, value);

    private static void WriteUnsigned(ArrayBufferWriter<byte> writer, ulong value) => WireWriter.WriteUnsigned(writer, value);
}

/// <summary>A compact sample body that cannot be read, with the field where reading stopped.</summary>
public sealed class CompactSamplesException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public CompactSamplesException(string field, string message, bool tooManySamples = false)
        : base(message)
    {
        Field = field;
        TooManySamples = tooManySamples;
    }

    /// <summary>Creates the exception.</summary>
    public CompactSamplesException()
        : this("body", "The body is not a compact sample batch.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public CompactSamplesException(string message)
        : this("body", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CompactSamplesException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "body";
    }

    /// <summary>The field being read: <c>body</c>, <c>deviceId</c>, <c>samples</c>, <c>channels</c>, <c>samples[3].hr</c>, ….</summary>
    public string Field { get; }

    /// <summary>True when the count is above the limit (a <c>413</c>, not a malformed body).</summary>
    public bool TooManySamples { get; }
}
