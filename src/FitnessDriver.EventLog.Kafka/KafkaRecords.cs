using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace FitnessDriver.EventLog.Kafka;

/// <summary>Converts between the log's messages and records and Kafka's; header values are UTF-8 text.</summary>
internal static class KafkaRecords
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    public static Message<string, byte[]> ToKafka(EventMessage message)
    {
        Headers? headers = null;
        if (message.Headers is { Count: > 0 })
        {
            headers = [];
            foreach (var (name, value) in message.Headers)
                headers.Add(name, Encoding.UTF8.GetBytes(value));
        }

        return new Message<string, byte[]> { Key = message.Key, Value = WholeArray(message.Value), Headers = headers };
    }

    public static LogRecord FromKafka(ConsumeResult<string, byte[]> result)
    {
        var message = result.Message;
        IReadOnlyDictionary<string, string> headers = NoHeaders;
        if (message.Headers is { Count: > 0 })
        {
            var decoded = new Dictionary<string, string>(message.Headers.Count, StringComparer.Ordinal);
            foreach (var header in message.Headers)
                decoded[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes() ?? []);
            headers = decoded;
        }

        var offset = result.Offset.Value;
        return new LogRecord(
            ToLog(result.TopicPartition),
            offset,
            offset + 1,
            message.Key ?? "",
            message.Value ?? [],
            new DateTimeOffset(message.Timestamp.UtcDateTime),
            headers);
    }

    public static TopicPartition ToLog(Confluent.Kafka.TopicPartition partition) => new(partition.Topic, partition.Partition.Value);

    public static Confluent.Kafka.TopicPartition ToKafka(TopicPartition partition) => new(partition.Topic, new Partition(partition.Partition));

    // The producer copies the value into its own buffer, so an array that is exactly the payload is handed over as is.
    private static byte[] WholeArray(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();
}
