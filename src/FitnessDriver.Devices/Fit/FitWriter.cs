using System.Buffers.Binary;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Devices.Fit;

/// <summary>
/// Writes a FIT activity file: file_id, records, laps and a session, with a 14-byte header and both CRCs.
/// Call <see cref="Complete"/> once at the end; it goes back to fill in the header, so the stream must be
/// seekable and readable.
/// </summary>
public sealed class FitWriter
{
    private const int HeaderSize = 14;

    private static readonly MessageLayout FileIdLayout = new(0, FitProfile.Messages.FileId,
    [
        new(0, FitBaseType.Enum), new(1, FitBaseType.UInt16), new(2, FitBaseType.UInt16),
        new(3, FitBaseType.UInt32Z), new(4, FitBaseType.UInt32),
    ]);

    private static readonly MessageLayout RecordLayout = new(1, FitProfile.Messages.Record,
    [
        new(FitProfile.TimestampField, FitBaseType.UInt32), new(0, FitBaseType.SInt32), new(1, FitBaseType.SInt32),
        new(78, FitBaseType.UInt32), new(3, FitBaseType.UInt8), new(4, FitBaseType.UInt8),
        new(5, FitBaseType.UInt32), new(73, FitBaseType.UInt32), new(7, FitBaseType.UInt16),
    ]);

    private static readonly MessageLayout LapLayout = new(2, FitProfile.Messages.Lap,
    [
        new(FitProfile.TimestampField, FitBaseType.UInt32), new(2, FitBaseType.UInt32), new(7, FitBaseType.UInt32),
        new(8, FitBaseType.UInt32), new(9, FitBaseType.UInt32),
    ]);

    private static readonly MessageLayout SessionLayout = new(3, FitProfile.Messages.Session,
    [
        new(FitProfile.TimestampField, FitBaseType.UInt32), new(2, FitBaseType.UInt32), new(7, FitBaseType.UInt32),
        new(8, FitBaseType.UInt32), new(9, FitBaseType.UInt32), new(5, FitBaseType.Enum),
    ]);

    private readonly Stream _output;
    private readonly bool _bigEndian;
    private readonly long _start;
    private readonly HashSet<byte> _defined = [];
    private readonly byte[] _message = new byte[256];
    private bool _completed;

    /// <summary>Starts a file at the stream's current position.</summary>
    /// <param name="output">A seekable, readable and writable stream.</param>
    /// <param name="bigEndian">Write definitions with big-endian architecture, as some devices do.</param>
    public FitWriter(Stream output, bool bigEndian = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanSeek || !output.CanRead || !output.CanWrite)
        {
            throw new ArgumentException("The stream must be seekable, readable and writable.", nameof(output));
        }

        _output = output;
        _bigEndian = bigEndian;
        _start = output.Position;
        output.Write(new byte[HeaderSize]);
    }

    /// <summary>Writes the file_id of an activity file.</summary>
    public void WriteFileId(ushort manufacturer, ushort product, uint serialNumber, long createdUnixMs) =>
        Write(FileIdLayout, [4, manufacturer, product, serialNumber, FitProfile.FromUnixMilliseconds(createdUnixMs)]);

    /// <summary>Writes one record. Time is truncated to whole seconds, as FIT stores it.</summary>
    public void WriteRecord(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Write(RecordLayout,
        [
            FitProfile.FromUnixMilliseconds(sample.T),
            sample.Lat is { } lat ? FitProfile.DegreesToSemicircles(lat) : null,
            sample.Lon is { } lon ? FitProfile.DegreesToSemicircles(lon) : null,
            sample.Alt is { } alt ? Math.Round((alt + 500d) * 5) : null,
            sample.Hr,
            sample.Cadence,
            sample.Distance is { } distance ? Math.Round(distance * 100) : null,
            sample.Speed is { } speed ? Math.Round(speed * 1000d) : null,
            sample.Power,
        ]);
    }

    /// <summary>Writes a lap from <paramref name="startUnixMs"/> to <paramref name="endUnixMs"/>.</summary>
    public void WriteLap(long startUnixMs, long endUnixMs, double? distance) =>
        Write(LapLayout, Span(startUnixMs, endUnixMs, distance));

    /// <summary>Writes the session summary.</summary>
    public void WriteSession(Sport sport, long startUnixMs, long endUnixMs, double? distance) =>
        Write(SessionLayout, [.. Span(startUnixMs, endUnixMs, distance), FitSports.ToFit(sport)]);

    /// <summary>Fills in the header with its CRC and appends the file CRC.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _completed = true;

        var end = _output.Position;
        var header = new byte[HeaderSize];
        header[0] = HeaderSize;
        header[1] = 0x20;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 21_158);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), checked((uint)(end - _start - HeaderSize)));
        ".FIT"u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), FitCrc.Compute(header.AsSpan(0, 12)));
        _output.Position = _start;
        _output.Write(header);

        _output.Position = _start;
        var crc = (ushort)0;
        var buffer = new byte[64 * 1024];
        for (var left = end - _start; left > 0;)
        {
            var read = _output.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
            {
                throw new InvalidOperationException("The stream ended before the written data.");
            }

            crc = FitCrc.Compute(buffer.AsSpan(0, read), crc);
            left -= read;
        }

        _output.Position = end;
        Span<byte> crcBytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(crcBytes, crc);
        _output.Write(crcBytes);
    }

    private static double?[] Span(long startUnixMs, long endUnixMs, double? distance)
    {
        var elapsed = Math.Round((endUnixMs - startUnixMs) / 1000d * 1000);
        return
        [
            FitProfile.FromUnixMilliseconds(endUnixMs), FitProfile.FromUnixMilliseconds(startUnixMs), elapsed, elapsed,
            distance is { } d ? Math.Round(d * 100) : null,
        ];
    }

    private void Write(MessageLayout layout, double?[] values)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_defined.Add(layout.Local))
        {
            WriteDefinition(layout);
        }

        var span = _message.AsSpan();
        span[0] = layout.Local;
        var position = 1;
        for (var i = 0; i < layout.Fields.Length; i++)
        {
            var type = layout.Fields[i].Type;
            var size = FitBaseTypes.Size(type);
            Encode(type, values[i], span.Slice(position, size));
            position += size;
        }

        _output.Write(span[..position]);
    }

    private void WriteDefinition(MessageLayout layout)
    {
        var span = _message.AsSpan();
        span[0] = (byte)(0x40 | layout.Local);
        span[1] = 0;
        span[2] = _bigEndian ? (byte)1 : (byte)0;
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[3..], layout.Global);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[3..], layout.Global);
        }

        span[5] = (byte)layout.Fields.Length;
        var position = 6;
        foreach (var field in layout.Fields)
        {
            var size = FitBaseTypes.Size(field.Type);
            span[position++] = field.Number;
            span[position++] = (byte)size;
            span[position++] = (byte)((size > 1 ? 0x80 : 0) | (int)field.Type);
        }

        _output.Write(span[..position]);
    }

    private void Encode(FitBaseType type, double? value, Span<byte> destination)
    {
        ulong raw = value is { } v
            ? type switch
            {
                FitBaseType.SInt8 or FitBaseType.SInt16 or FitBaseType.SInt32 => unchecked((ulong)(long)v),
                _ => (ulong)v,
            }
            : Invalid(type);

        for (var i = 0; i < destination.Length; i++)
        {
            var b = (byte)(raw >> (8 * i));
            destination[_bigEndian ? destination.Length - 1 - i : i] = b;
        }
    }

    private static ulong Invalid(FitBaseType type) => type switch
    {
        FitBaseType.SInt8 => 0x7F,
        FitBaseType.SInt16 => 0x7FFF,
        FitBaseType.SInt32 => 0x7FFFFFFF,
        FitBaseType.UInt8Z or FitBaseType.UInt16Z or FitBaseType.UInt32Z => 0,
        _ => ulong.MaxValue,
    };

    private sealed record FieldLayout(byte Number, FitBaseType Type);

    private sealed record MessageLayout(byte Local, ushort Global, FieldLayout[] Fields);
}
