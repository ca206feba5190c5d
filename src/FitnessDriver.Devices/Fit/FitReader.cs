using System.Buffers.Binary;
using System.Text;

namespace FitnessDriver.Devices.Fit;

/// <summary>
/// Reads the messages of a FIT input one at a time, without holding the file in memory. The input may hold
/// several FIT files back to back; each file's header CRC (when set) and file CRC are checked.
/// </summary>
/// <remarks>
/// Messages are handed out as they are read, so a caller sees the messages before a CRC failure at the end of
/// the file; the enumeration then ends with a <see cref="FitDecodeException"/> and the caller should drop what
/// it got. Every problem with the input is reported as <see cref="FitDecodeException"/>.
/// </remarks>
public sealed class FitReader
{
    private const int MaxLocalTypes = 16;
    private static readonly byte[] Signature = ".FIT"u8.ToArray();

    private readonly FitByteSource _source;
    private readonly List<FitFileHeader> _headers = [];
    private readonly MessageDefinition?[] _definitions = new MessageDefinition?[MaxLocalTypes];
    private readonly Dictionary<(byte Index, byte Number), DeveloperFieldDescription> _descriptions = [];
    private uint? _lastTimestamp;
    private int _fileIndex = -1;

    /// <summary>Creates a reader over <paramref name="stream"/>, read forward from its current position.</summary>
    public FitReader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _source = new FitByteSource(stream);
    }

    /// <summary>The headers of the FIT files read so far.</summary>
    public IReadOnlyList<FitFileHeader> Headers => _headers;

    /// <summary>Reads every data message of every FIT file in the input.</summary>
    /// <exception cref="FitDecodeException">The input is not FIT, is corrupt or ends early.</exception>
    public IEnumerable<FitMessage> ReadMessages()
    {
        do
        {
            var header = ReadHeader();
            var dataEnd = header.Offset + header.HeaderSize + header.DataSize;
            while (_source.Position < dataEnd)
            {
                var recordOffset = _source.Position;
                var message = ReadRecord();
                if (_source.Position > dataEnd)
                {
                    throw new FitDecodeException(
                        recordOffset,
                        $"record at byte {recordOffset} runs past the end of the data section at byte {dataEnd}");
                }

                if (message is not null)
                {
                    yield return message;
                }
            }

            var computed = _source.Crc;
            var crcOffset = _source.Position;
            var stored = BinaryPrimitives.ReadUInt16LittleEndian(_source.Read(2, "file CRC"));
            if (stored != computed)
            {
                throw new FitDecodeException(
                    crcOffset, $"file CRC mismatch: expected 0x{stored:X4}, computed 0x{computed:X4}");
            }
        }
        while (!_source.AtEnd);
    }

    private FitFileHeader ReadHeader()
    {
        _fileIndex++;
        Array.Clear(_definitions);
        _descriptions.Clear();
        _lastTimestamp = null;
        _source.ResetCrc();

        var offset = _source.Position;
        const string context = "file header";
        var size = _source.ReadByte(context);
        if (size < 12)
        {
            throw new FitDecodeException(offset, $"not a FIT file: header size {size} is below 12");
        }

        var fixedPart = _source.Read(11, context).ToArray();
        var headerCrcComputed = FitCrc.Compute(fixedPart, FitCrc.Update(0, size));
        if (!fixedPart.AsSpan(7, 4).SequenceEqual(Signature))
        {
            throw new FitDecodeException(
                offset + 8, $"not a FIT file: no \".FIT\" signature at byte {offset + 8}");
        }

        var protocol = fixedPart[0];
        if (protocol >> 4 > 2)
        {
            throw new FitDecodeException(offset + 1, $"unsupported FIT protocol version {protocol >> 4}.{protocol & 0xF}");
        }

        ushort? headerCrc = null;
        if (size >= 14)
        {
            headerCrc = BinaryPrimitives.ReadUInt16LittleEndian(_source.Read(2, context));
            if (headerCrc != 0 && headerCrc != headerCrcComputed)
            {
                throw new FitDecodeException(
                    offset + 12, $"header CRC mismatch: expected 0x{headerCrc:X4}, computed 0x{headerCrcComputed:X4}");
            }

            _source.Skip(size - 14, context);
        }
        else
        {
            _source.Skip(size - 12, context);
        }

        var header = new FitFileHeader(
            offset,
            size,
            protocol,
            BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(1)),
            BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(3)),
            headerCrc);
        _headers.Add(header);
        return header;
    }

    private FitMessage? ReadRecord()
    {
        var offset = _source.Position;
        var header = _source.ReadByte("record header");

        if ((header & 0x80) != 0)
        {
            var local = (header >> 5) & 0x03;
            if (_lastTimestamp is not { } last)
            {
                throw new FitDecodeException(
                    offset, $"compressed timestamp header at byte {offset} before any message with a timestamp");
            }

            var timeOffset = (uint)(header & 0x1F);
            var timestamp = (last & ~0x1Fu) + timeOffset;
            if (timeOffset < (last & 0x1F))
            {
                timestamp += 0x20;
            }

            return ReadDataMessage(local, offset, timestamp);
        }

        if ((header & 0x40) != 0)
        {
            ReadDefinition(header, offset);
            return null;
        }

        return ReadDataMessage(header & 0x0F, offset, null);
    }

    private void ReadDefinition(byte header, long offset)
    {
        var local = header & 0x0F;
        var context = $"definition message for local type {local}";
        _source.ReadByte(context);
        var architecture = _source.ReadByte(context);
        if (architecture > 1)
        {
            throw new FitDecodeException(
                offset + 2, $"definition message at byte {offset} has unknown architecture {architecture}");
        }

        var bigEndian = architecture == 1;
        var globalBytes = _source.Read(2, context);
        var global = bigEndian
            ? BinaryPrimitives.ReadUInt16BigEndian(globalBytes)
            : BinaryPrimitives.ReadUInt16LittleEndian(globalBytes);
        context = $"definition message for global message {global} (local type {local})";

        var fieldCount = _source.ReadByte(context);
        var fields = new FieldDefinition[fieldCount];
        for (var i = 0; i < fieldCount; i++)
        {
            var fieldOffset = _source.Position;
            var bytes = _source.Read(3, context);
            var typeNumber = bytes[2] & 0x1F;
            if (!FitBaseTypes.IsKnown(typeNumber))
            {
                throw new FitDecodeException(
                    fieldOffset + 2,
                    $"unknown base type 0x{bytes[2]:X2} for field {bytes[0]} of global message {global}");
            }

            fields[i] = new FieldDefinition(bytes[0], bytes[1], (FitBaseType)typeNumber);
        }

        var developerFields = Array.Empty<DeveloperFieldDefinition>();
        if ((header & 0x20) != 0)
        {
            var developerCount = _source.ReadByte(context);
            developerFields = new DeveloperFieldDefinition[developerCount];
            for (var i = 0; i < developerCount; i++)
            {
                var bytes = _source.Read(3, context);
                developerFields[i] = new DeveloperFieldDefinition(bytes[0], bytes[1], bytes[2]);
            }
        }

        _definitions[local] = new MessageDefinition(global, bigEndian, fields, developerFields);
    }

    private FitMessage ReadDataMessage(int local, long offset, uint? compressedTimestamp)
    {
        var definition = _definitions[local] ?? throw new FitDecodeException(
            offset, $"data message at byte {offset} uses local type {local}, which has no definition");
        var context = $"data message of global message {definition.Global} (local type {local})";

        var fields = new List<FitField>(definition.Fields.Length + 1);
        foreach (var field in definition.Fields)
        {
            fields.Add(ParseField(field.Number, field.Type, _source.Read(field.Size, context), definition.BigEndian));
        }

        var developerFields = definition.DeveloperFields.Length == 0
            ? []
            : new FitDeveloperField[definition.DeveloperFields.Length];
        for (var i = 0; i < developerFields.Length; i++)
        {
            var field = definition.DeveloperFields[i];
            var bytes = _source.Read(field.Size, context);
            developerFields[i] = _descriptions.TryGetValue((field.DeveloperIndex, field.Number), out var description)
                ? new FitDeveloperField(
                    field.DeveloperIndex,
                    ParseField(field.Number, description.Type, bytes, definition.BigEndian),
                    description.Name,
                    description.Units,
                    description.Scale,
                    description.Offset)
                : new FitDeveloperField(
                    field.DeveloperIndex, ParseField(field.Number, FitBaseType.Byte, bytes, false), null, null, 1, 0);
        }

        if (compressedTimestamp is { } timestamp && !fields.Exists(f => f.Number == FitProfile.TimestampField))
        {
            fields.Add(new FitField(FitProfile.TimestampField, FitBaseType.UInt32, [timestamp], [false], null));
        }

        var message = new FitMessage(definition.Global, offset, _fileIndex, [.. fields], developerFields);
        if (message.Timestamp is { } messageTimestamp)
        {
            _lastTimestamp = messageTimestamp;
        }

        if (definition.Global == FitProfile.Messages.FieldDescription)
        {
            RememberDescription(message);
        }

        return message;
    }

    private void RememberDescription(FitMessage message)
    {
        if (message.Field(0)?.Value is not { } index || message.Field(1)?.Value is not { } number)
        {
            return;
        }

        var typeNumber = (int)(message.Field(2)?.Value ?? (int)FitBaseType.Byte) & 0x1F;
        var type = FitBaseTypes.IsKnown(typeNumber) ? (FitBaseType)typeNumber : FitBaseType.Byte;
        var scale = message.Field(6)?.Value is { } s and not 0 ? s : 1;
        _descriptions[((byte)index, (byte)number)] = new DeveloperFieldDescription(
            type, message.Field(3)?.Text, message.Field(8)?.Text, scale, message.Field(7)?.Value ?? 0);
    }

    private static FitField ParseField(byte number, FitBaseType type, ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        if (type == FitBaseType.String)
        {
            var end = bytes.IndexOf((byte)0);
            var text = Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
            return new FitField(number, type, [], [], text.Length == 0 ? null : text);
        }

        var size = FitBaseTypes.Size(type);
        if (bytes.Length == 0 || bytes.Length % size != 0)
        {
            // A size that is not a whole number of elements cannot be interpreted; keep the bytes, all invalid.
            type = FitBaseType.Byte;
            size = 1;
        }

        var count = bytes.Length / size;
        var raw = new double[count];
        var invalid = new bool[count];
        for (var i = 0; i < count; i++)
        {
            raw[i] = FitBaseTypes.Read(type, bytes.Slice(i * size, size), bigEndian, out invalid[i]);
        }

        return new FitField(number, type, raw, invalid, null);
    }

    private sealed record FieldDefinition(byte Number, int Size, FitBaseType Type);

    private sealed record DeveloperFieldDefinition(byte Number, int Size, byte DeveloperIndex);

    private sealed record MessageDefinition(
        ushort Global,
        bool BigEndian,
        FieldDefinition[] Fields,
        DeveloperFieldDefinition[] DeveloperFields);

    private sealed record DeveloperFieldDescription(
        FitBaseType Type,
        string? Name,
        string? Units,
        double Scale,
        double Offset);
}
