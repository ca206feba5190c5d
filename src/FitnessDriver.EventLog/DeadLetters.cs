using System.Globalization;
using FitnessDriver.Contracts;

namespace FitnessDriver.EventLog;

/// <summary>
/// Sends a message that cannot be processed to <c>&lt;topic&gt;.dlq</c> with the reason and its origin in headers,
/// so it never blocks its partition and is never silently dropped.
/// </summary>
public static class DeadLetters
{
    /// <summary>Header names on a dead-lettered message.</summary>
    public static class Headers
    {
        public const string Error = "dlq.error";
        public const string ErrorType = "dlq.error-type";
        public const string Group = "dlq.group";
        public const string OriginTopic = "dlq.origin.topic";
        public const string OriginPartition = "dlq.origin.partition";
        public const string OriginOffset = "dlq.origin.offset";
        public const string FailedAt = "dlq.failed-at";
    }

    /// <summary>Appends <paramref name="record"/> to its dead-letter topic; completes once durable.</summary>
    public static async ValueTask SendAsync(IEventLog log, string group, LogRecord record, Exception error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(error);
        var headers = new Dictionary<string, string>(record.Headers, StringComparer.Ordinal)
        {
            [Headers.Error] = Truncate(error.Message, 2000),
            [Headers.ErrorType] = error.GetType().FullName ?? error.GetType().Name,
            [Headers.Group] = group,
            [Headers.OriginTopic] = record.Topic,
            [Headers.OriginPartition] = record.Partition.Partition.ToString(CultureInfo.InvariantCulture),
            [Headers.OriginOffset] = record.Offset.ToString(CultureInfo.InvariantCulture),
            [Headers.FailedAt] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        await log.AppendAsync(Topics.DeadLetter(record.Topic), new EventMessage(record.Key, record.Value, headers), cancellationToken);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
