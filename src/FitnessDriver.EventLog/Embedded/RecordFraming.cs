using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>
/// Lays out key, timestamp, headers and value inside one FasterLog entry.
/// Layout v1: version byte, timestamp (int64 ms), key, header count, (name, value)*, then the value to the end.
/// Strings are a 7-bit-encoded length followed by UTF-8.
/// </summary>
internal static class RecordFraming
{
    private const byte Version = 1;

    public static byte[] Encode(EventMessage message, DateTimeOffset timestamp)
    {
        var writer = new ArrayBufferWriter<byte>(message.Value.Length + 64);
        writer.GetSpan(1)[0] = Version;
        writer.Advance(1);
        BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), timestamp.ToUnixTimeMilliseconds());
        writer.Advance(8);
        WriteString(writer, message.Key);
        var headers = message.Headers ?? EmptyHeaders;
        WriteLength(writer, headers.Count);
        foreach (var (name, value) in headers)
        {
            WriteString(writer, name);
            WriteString(writer, value);
        }

        writer.Write(message.Value.Span);
        return writer.WrittenSpan.ToArray();
    }

    public static LogRecord Decode(byte[] entry, int length, TopicPartition partition, long offset, long nextOffset)
    {
        var span = entry.AsSpan(0, length);
        if (span.Length < 9 || span[0] != Version)
            throw new InvalidDataException($"Unreadable log entry at {partition}@{offset}.");

        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(span[1..]));
        var position = 9;
        var key = ReadString(span, ref position);
        var headerCount = ReadLength(span, ref position);
        var headers = headerCount == 0 ? EmptyHeaders : new Dictionary<string, string>(headerCount, StringComparer.Ordinal);
        for (var i = 0; i < headerCount; i++)
        {
            var name = ReadString(span, ref position);
            ((Dictionary<string, string>)headers)[name] = ReadString(span, ref position);
        }

        var value = entry.AsMemory(position, length - position);
        return new LogRecord(partition, offset, nextOffset, key, value, timestamp, headers);
    }

    /// <summary>When the entry was appended; null when it is not an entry of this layout.</summary>
    public static DateTimeOffset? TimestampOf(byte[] entry, int length) =>
        length < 9 || entry[0] != Version ? null : DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(entry.AsSpan(1, 8)));

    private static readonly IReadOnlyDictionary<string, string> EmptyHeaders = new Dictionary<string, string>();

    private static void WriteString(ArrayBufferWriter<byte> writer, string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteLength(writer, byteCount);
        Encoding.UTF8.GetBytes(value, writer.GetSpan(byteCount));
        writer.Advance(byteCount);
    }

    private static void WriteLength(ArrayBufferWriter<byte> writer, int value)
    {
        var span = writer.GetSpan(5);
        var count = 0;
        var remaining = (uint)value;
        while (remaining >= 0x80)
        {
            span[count++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        span[count++] = (byte)remaining;
        writer.Advance(count);
    }

    private static string ReadString(ReadOnlySpan<byte> span, ref int position)
    {
        var length = ReadLength(span, ref position);
        if (position + length > span.Length)
            throw new InvalidDataException("Log entry ends inside a string.");
        var value = Encoding.UTF8.GetString(span.Slice(position, length));
        position += length;
        return value;
    }

    private static int ReadLength(ReadOnlySpan<byte> span, ref int position)
    {
        var result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (position >= span.Length)
                throw new InvalidDataException("Log entry ends inside a length.");
            var b = span[position++];
            result |= (b & 0x7F) << shift;
            if (b < 0x80)
                return result;
        }

        throw new InvalidDataException("Log entry has an overlong length.");
    }
}
