using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog.Kafka;

/// <summary>Routes librdkafka's own log lines and errors into the application's logging instead of standard error.</summary>
internal static class KafkaLogging
{
    public static void Log(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        logger.Log(level, "librdkafka {Client} {Facility}: {Message}", message.Name, message.Facility, message.Message);
    }

    public static void Error(ILogger logger, Error error)
    {
        // Broker connection errors are reported here while librdkafka keeps retrying: worth a warning, not an alarm.
        if (error.IsFatal)
            logger.LogCritical("Kafka fatal error: {Reason} ({Code})", error.Reason, error.Code);
        else
            logger.LogWarning("Kafka: {Reason} ({Code})", error.Reason, error.Code);
    }
}
