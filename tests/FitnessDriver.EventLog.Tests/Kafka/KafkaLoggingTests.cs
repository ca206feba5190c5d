using System.Globalization;
using Confluent.Kafka;
using FitnessDriver.EventLog.Kafka;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog.Tests.Kafka;

/// <summary>While brokers are down every client reports the same failure many times a second; the log gets it once per window.</summary>
public sealed class KafkaLoggingTests
{
    private readonly ManualClock clock = new();
    private readonly ListLogger logger = new();

    [Fact]
    public void A_failure_repeated_by_every_client_is_logged_once_per_window_with_the_count_of_repeats()
    {
        var logging = new KafkaLogging(logger, clock);
        for (var i = 0; i < 1000; i++)
        {
            logging.Error(new Error(ErrorCode.Local_Transport, string.Create(CultureInfo.InvariantCulture,
                $"127.0.0.1:9092/{i % 3}: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after {i % 7}ms in state CONNECT, {i} identical error(s) suppressed)")));
            logging.Log(new LogMessage($"fitnessdriver#producer-{i % 5}", SyslogLevel.Error, "FAIL", "127.0.0.1:9092/bootstrap: Connect to ipv4#127.0.0.1:9092 failed: Connection refused"));
        }

        Assert.Single(logger.Lines, l => l.Level >= LogLevel.Warning);

        clock.Advance(KafkaLogging.Window + TimeSpan.FromSeconds(1));
        logging.Error(new Error(ErrorCode.Local_Transport, "127.0.0.1:9092/1: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT)"));
        var warnings = logger.Lines.Where(l => l.Level >= LogLevel.Warning).Select(l => l.Text).ToList();
        Assert.True(warnings.Count == 3, string.Join(" | ", warnings));
        Assert.Contains("repeated 999 more times", warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_failure_is_logged_at_once_and_fatal_ones_always()
    {
        var logging = new KafkaLogging(logger, clock);
        logging.Error(new Error(ErrorCode.Local_AllBrokersDown, "1/1 brokers are down"));
        logging.Error(new Error(ErrorCode.Local_Transport, "Connection refused"));
        logging.Error(new Error(ErrorCode.Local_Fatal, "fatal one", isFatal: true));
        logging.Error(new Error(ErrorCode.Local_Fatal, "fatal one", isFatal: true));
        Assert.Equal(4, logger.Lines.Count(l => l.Level >= LogLevel.Warning));
        Assert.Equal(2, logger.Lines.Count(l => l.Level == LogLevel.Critical));
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
