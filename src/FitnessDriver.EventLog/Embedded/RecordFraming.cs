using System.Buffers.Binary;
using System.Text;
using FASTER.core;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>
/// Lays out key, timestamp, headers and value inside one FasterLog entry.
/// Layout v1: version byte, timestamp (int64 ms), key, header count, (name, value)*, then the value to the end.
/// Strings are a 7-bit-encoded length followed by UTF-8.
/// </summary>
internal static class RecordFraming
{
    private const byte Version = 1;

    /// <summary>The entry of <paramref name="message"/>, to be written straight into the log's memory.</summary>
    public static Entry Encode(EventMessage message, DateTimeOffset timestamp) => new(message, timestamp);

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

    private static int SizeOf(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        return SizeOf(byteCount) + byteCount;
    }

    private static int SizeOf(int length)
    {
        var size = 1;
        for (var remaining = (uint)length; remaining >= 0x80; remaining >>= 7)
            size++;
        return size;
    }

    private static int WriteString(Span<byte> destination, string value)
    {
        var count = WriteLength(destination, Encoding.UTF8.GetByteCount(value));
        return count + Encoding.UTF8.GetBytes(value, destination[count..]);
    }

    private static int WriteLength(Span<byte> destination, int value)
    {
        var count = 0;
        var remaining = (uint)value;
        while (remaining >= 0x80)
        {
            destination[count++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        destination[count++] = (byte)remaining;
        return count;
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

    /// <summary>A message laid out as one entry: FasterLog asks for its length, reserves that much and has it written in place.</summary>
    public readonly struct Entry : ILogEnqueueEntry
    {
        private readonly EventMessage message;
        private readonly long timestamp;
        private readonly IReadOnlyDictionary<string, string> headers;

        public Entry(EventMessage message, DateTimeOffset timestamp)
        {
            this.message = message;
            this.timestamp = timestamp.ToUnixTimeMilliseconds();
            headers = message.Headers ?? EmptyHeaders;
            var length = 1 + sizeof(long) + SizeOf(message.Key) + SizeOf(headers.Count) + message.Value.Length;
            foreach (var (name, value) in headers)
                length += SizeOf(name) + SizeOf(value);
            SerializedLength = length;
        }

        public int SerializedLength { get; }

        public void SerializeTo(Span<byte> dest)
        {
            dest[0] = Version;
            BinaryPrimitives.WriteInt64LittleEndian(dest[1..], timestamp);
            var position = 1 + sizeof(long);
            position += WriteString(dest[position..], message.Key);
            position += WriteLength(dest[position..], headers.Count);
            foreach (var (name, value) in headers)
            {
                position += WriteString(dest[position..], name);
                position += WriteString(dest[position..], value);
            }

            message.Value.Span.CopyTo(dest[position..]);
        }
    }
}
