using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog.Kafka;

/// <summary>
/// Routes librdkafka's log lines and errors into the application's logging. While brokers are unreachable every client
/// reports the same failure several times a second, once as an error event and once as a log line; so a failure is
/// logged once (from the error event; the matching log lines go to Debug), and repeats of it within
/// <see cref="Window"/> are counted and summed up in one line when it passes.
/// </summary>
internal sealed partial class KafkaLogging(ILogger logger, TimeProvider? clock = null)
{
    /// <summary>How long a repeated failure stays quiet after it was logged.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Repeats> recent = new(StringComparer.Ordinal);

    public void Log(LogMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            // Connection failures arrive as error events too, which are logged (and throttled) there.
            SyslogLevel.Error when message.Facility is "FAIL" or "ERROR" => LogLevel.Debug,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (level <= LogLevel.Debug || Admit($"{message.Facility}:{Normalise(message.Message)}"))
            logger.Log(level, "librdkafka {Client} {Facility}: {Message}", message.Name, message.Facility, message.Message);
    }

    public void Error(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.IsFatal)
        {
            logger.LogCritical("Kafka fatal error: {Reason} ({Code})", error.Reason, error.Code);
            return;
        }

        // Broker connection errors are reported here while librdkafka keeps retrying: worth a warning, not an alarm.
        if (Admit($"{error.Code}:{Normalise(error.Reason)}"))
            logger.LogWarning("Kafka: {Reason} ({Code})", error.Reason, error.Code);
    }

    /// <summary>True when <paramref name="key"/> was not logged within the window; logs how often it repeated meanwhile.</summary>
    private bool Admit(string key)
    {
        var now = clock.GetUtcNow();
        var repeats = recent.GetOrAdd(key, _ => new Repeats());
        lock (repeats)
        {
            if (repeats.Since is { } since && now - since < Window)
            {
                repeats.Count++;
                return false;
            }

            if (repeats.Count > 0)
                logger.LogWarning("Kafka: the last message repeated {Count} more times in {Seconds:0} s", repeats.Count, (now - repeats.Since!.Value).TotalSeconds);
            repeats.Since = now;
            repeats.Count = 0;
            return true;
        }
    }

    // "127.0.0.1:9092/1: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT, 3 identical error(s) suppressed)"
    // differs between repeats only in its timings, counts and that last remark.
    private static string Normalise(string text) => Numbers().Replace(Circumstances().Replace(text, ""), "#");

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();

    [GeneratedRegex(@"\s*\(after .*$")]
    private static partial Regex Circumstances();

    private sealed class Repeats
    {
        public DateTimeOffset? Since { get; set; }

        public int Count { get; set; }
    }
}
