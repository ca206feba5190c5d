using System.Buffers;
using System.Text;

namespace FitnessDriver.Contracts.Telemetry;

/// <summary>
/// Compact binary form of <see cref="SampleBatch"/>: telemetry is the volume, so no JSON on the log.
/// </summary>
/// <remarks>
/// Version 1: version byte, activity id, athlete id (16 bytes each, big-endian), sport, source, device id,
/// sample count, then each sample as a length-prefixed record: time delta (zig-zag varint, from the previous
/// sample), channel mask (varint), then the present channels in mask-bit order; after the last sample, the
/// optional device kind (empty when absent but later fields follow), then the activity's visibility (one byte, left
/// out for everyone). Readers skip unknown channel bits through the
/// record length and ignore bytes after the fields they know, so fields can be added without a new version.
/// </remarks>
public static class SampleBatchCodec
{
    private const byte Version = 1;

    [Flags]
    private enum Channels : uint
    {
        Hr = 1 << 0,
        Power = 1 << 1,
        Cadence = 1 << 2,
        Speed = 1 << 3,
        Distance = 1 << 4,
        Lat = 1 << 5,
        Lon = 1 << 6,
        Alt = 1 << 7,
        Rr = 1 << 8,
    }

    /// <summary>Encodes a batch.</summary>
    public static byte[] Encode(SampleBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var writer = new ArrayBufferWriter<byte>(64 + batch.Samples.Count * 24);
        Encode(batch, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes a batch into <paramref name="writer"/>.</summary>
    public static void Encode(SampleBatch batch, ArrayBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(writer);
        var header = writer.GetSpan(35);
        header[0] = Version;
        batch.ActivityId.TryWriteBytes(header[1..], bigEndian: true, out _);
        batch.AthleteId.TryWriteBytes(header[17..], bigEndian: true, out _);
        header[33] = (byte)batch.Sport;
        header[34] = (byte)batch.Source;
        writer.Advance(35);
        var deviceId = Encoding.UTF8.GetBytes(batch.DeviceId);
        WireWriter.WriteUnsigned(writer, (ulong)deviceId.Length);
        writer.Write(deviceId);
        WireWriter.WriteUnsigned(writer, (ulong)batch.Samples.Count);

        var record = new ArrayBufferWriter<byte>(64);
        long previousT = 0;
        foreach (var sample in batch.Samples)
        {
            record.ResetWrittenCount();
            WriteSample(record, sample, previousT);
            previousT = sample.T;
            WireWriter.WriteUnsigned(writer, (ulong)record.WrittenCount);
            writer.Write(record.WrittenSpan);
        }

        if (batch.DeviceKind is not null || batch.Visibility != Visibility.Everyone)
        {
            var kindBytes = Encoding.UTF8.GetBytes(batch.DeviceKind ?? "");
            WireWriter.WriteUnsigned(writer, (ulong)kindBytes.Length);
            writer.Write(kindBytes);
        }

        if (batch.Visibility != Visibility.Everyone)
            writer.Write([(byte)batch.Visibility]);
    }

    /// <summary>Decodes a batch.</summary>
    /// <exception cref="ContractFormatException">The payload is truncated, corrupt or of another version.</exception>
    public static SampleBatch Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        var version = reader.ReadByte();
        if (version != Version)
            throw new ContractFormatException($"Sample batch version {version} is not supported (expected {Version}).");
        var activityId = new Guid(reader.ReadBytes(16), bigEndian: true);
        var athleteId = new Guid(reader.ReadBytes(16), bigEndian: true);
        var sport = (Sport)reader.ReadByte();
        if (!Enum.IsDefined(sport))
            throw new ContractFormatException($"Unknown sport code {(byte)sport}.");
        var source = (SampleSource)reader.ReadByte();
        var deviceId = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadLength()));
        var count = reader.ReadLength();
        var samples = new List<Sample>(Math.Min(count, 100_000));
        long previousT = 0;
        for (var i = 0; i < count; i++)
        {
            var recordReader = new WireReader(reader.ReadBytes(reader.ReadLength()));
            var sample = ReadSample(ref recordReader, previousT);
            previousT = sample.T;
            samples.Add(sample);
        }

        // A writer with later fields but no kind writes an empty one.
        var kind = reader.Remaining > 0 ? Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadLength())) : null;
        kind = string.IsNullOrEmpty(kind) ? null : kind;
        var visibility = reader.Remaining > 0 ? (Visibility)reader.ReadByte() : Visibility.Everyone;
        // A visibility a later version adds is at least as private as the most private one this version knows.
        if (!Enum.IsDefined(visibility))
            visibility = Visibility.OnlyMe;
        return new SampleBatch(activityId, athleteId, sport, deviceId, samples, source, kind, visibility);
    }

    private static void WriteSample(ArrayBufferWriter<byte> writer, Sample sample, long previousT)
    {
        WireWriter.WriteSigned(writer, sample.T - previousT);
        var mask = (sample.Hr is null ? 0 : Channels.Hr)
            | (sample.Power is null ? 0 : Channels.Power)
            | (sample.Cadence is null ? 0 : Channels.Cadence)
            | (sample.Speed is null ? 0 : Channels.Speed)
            | (sample.Distance is null ? 0 : Channels.Distance)
            | (sample.Lat is null ? 0 : Channels.Lat)
            | (sample.Lon is null ? 0 : Channels.Lon)
            | (sample.Alt is null ? 0 : Channels.Alt)
            | (sample.Rr is null ? 0 : Channels.Rr);
        WireWriter.WriteUnsigned(writer, (uint)mask);
        if (sample.Hr is { } hr) WireWriter.WriteSigned(writer, hr);
        if (sample.Power is { } power) WireWriter.WriteSigned(writer, power);
        if (sample.Cadence is { } cadence) WireWriter.WriteSigned(writer, cadence);
        if (sample.Speed is { } speed) WireWriter.WriteSingle(writer, speed);
        if (sample.Distance is { } distance) WireWriter.WriteDouble(writer, distance);
        if (sample.Lat is { } lat) WireWriter.WriteDouble(writer, lat);
        if (sample.Lon is { } lon) WireWriter.WriteDouble(writer, lon);
        if (sample.Alt is { } alt) WireWriter.WriteSingle(writer, alt);
        if (sample.Rr is { } rr)
        {
            WireWriter.WriteUnsigned(writer, (ulong)rr.Count);
            for (var i = 0; i < rr.Count; i++)
                WireWriter.WriteSigned(writer, rr[i]);
        }
    }

    private static Sample ReadSample(ref WireReader reader, long previousT)
    {
        var t = previousT + reader.ReadSigned();
        var mask = (Channels)reader.ReadUnsigned();
        int? hr = mask.HasFlag(Channels.Hr) ? reader.ReadInt32() : null;
        int? power = mask.HasFlag(Channels.Power) ? reader.ReadInt32() : null;
        int? cadence = mask.HasFlag(Channels.Cadence) ? reader.ReadInt32() : null;
        float? speed = mask.HasFlag(Channels.Speed) ? reader.ReadSingle() : null;
        double? distance = mask.HasFlag(Channels.Distance) ? reader.ReadDouble() : null;
        double? lat = mask.HasFlag(Channels.Lat) ? reader.ReadDouble() : null;
        double? lon = mask.HasFlag(Channels.Lon) ? reader.ReadDouble() : null;
        float? alt = mask.HasFlag(Channels.Alt) ? reader.ReadSingle() : null;
        int[]? rr = null;
        if (mask.HasFlag(Channels.Rr))
        {
            rr = new int[Math.Min(reader.ReadLength(), reader.Remaining)];
            for (var i = 0; i < rr.Length; i++)
                rr[i] = reader.ReadInt32();
        }

        return new Sample(t, hr, power, cadence, speed, distance, lat, lon, alt, rr);
    }
}
