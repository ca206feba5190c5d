using Microsoft.Extensions.Logging;
using Xunit;

namespace FitnessDriver.Testing;

/// <summary>
/// Sends logs from a level up to the test run, where a failure shows them: to the running test's output, or to the
/// run's diagnostic messages (for a host that serves many tests, whose errors are logged on its own threads).
/// </summary>
public sealed class TestRunLogging : ILoggerProvider
{
    private readonly LogLevel minimum;
    private readonly Action<string> write;

    private TestRunLogging(LogLevel minimum, Action<string> write) => (this.minimum, this.write) = (minimum, write);

    /// <summary>Warnings and errors to the output of the test running when each is logged.</summary>
    public static TestRunLogging ToTestOutput() => new(LogLevel.Warning, line =>
    {
        try
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished: a background client thread logged late.
        }
    });

    /// <summary>A logger factory with <see cref="ToTestOutput"/>.</summary>
    public static ILoggerFactory TestOutputFactory() =>
        LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Warning).AddProvider(ToTestOutput()));

    /// <summary>
    /// Errors to the run's diagnostic messages (<c>diagnosticMessages</c> in xunit.runner.json), named after the test or
    /// class running now: a test that got a 500 fails next to the exception behind it.
    /// </summary>
    public static TestRunLogging ToDiagnosticMessages()
    {
        var context = TestContext.Current;
        var owner = context.Test?.TestDisplayName ?? context.TestClass?.TestClassName ?? "a test";
        return new(LogLevel.Error, line => context.SendDiagnosticMessage($"host of {owner}: {line}"));
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(TestRunLogging provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider.minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}";
            provider.write(exception is null ? line : $"{line}{Environment.NewLine}{exception}");
        }
    }
}
