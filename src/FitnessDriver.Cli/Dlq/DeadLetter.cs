using System.Globalization;
using FitnessDriver.EventLog;
using Headers = FitnessDriver.EventLog.DeadLetters.Headers;

namespace FitnessDriver.Cli.Dlq;

/// <summary>A record of a dead-letter topic, with what <see cref="EventLog.DeadLetters"/> wrote about its failure.</summary>
internal sealed record DeadLetter(LogRecord Record)
{
    /// <summary>The headers the dead-letter step adds; a replay drops them and keeps the record's own.</summary>
    public static IReadOnlySet<string> AddedHeaders { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Headers.Error, Headers.ErrorType, Headers.Group, Headers.OriginTopic, Headers.OriginPartition, Headers.OriginOffset, Headers.FailedAt,
    };

    public string? Error => Header(Headers.Error);

    public string? ErrorType => Header(Headers.ErrorType);

    public string? Group => Header(Headers.Group);

    public string? FailedAt => Header(Headers.FailedAt);

    /// <summary>Where the record was read when it failed, e.g. <c>telemetry.samples[3]@1042</c>.</summary>
    public string Origin => $"{Header(Headers.OriginTopic) ?? "?"}[{Header(Headers.OriginPartition) ?? "?"}]@{Header(Headers.OriginOffset) ?? "?"}";

    /// <summary>The record as it was first appended: its key, value and own headers.</summary>
    public EventMessage Original => new(Record.Key, Record.Value,
        Record.Headers.Where(h => !AddedHeaders.Contains(h.Key)).ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal));

    public string Position => string.Create(CultureInfo.InvariantCulture, $"{Record.Partition.Partition}@{Record.Offset}");

    private string? Header(string name) => Record.Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The topic whose records go to <paramref name="deadLetterTopic"/>.</summary>
    public static string OriginTopicOf(string deadLetterTopic) =>
        deadLetterTopic.EndsWith(".dlq", StringComparison.Ordinal) && deadLetterTopic.Length > 4
            ? deadLetterTopic[..^4]
            : throw new ArgumentException($"{deadLetterTopic} is not a dead-letter topic (<topic>.dlq).", nameof(deadLetterTopic));
}
