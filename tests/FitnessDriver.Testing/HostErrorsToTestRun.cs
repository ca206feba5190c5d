using Microsoft.Extensions.Logging;
using Xunit;

namespace FitnessDriver.Testing;

/// <summary>
/// Sends the errors an in-process host logs to the test run's diagnostic messages, where <c>dotnet test</c> shows
/// them: a test that got a 500 then fails next to the exception behind it, not only its trace id.
/// </summary>
internal sealed class HostErrorsToTestRun(ITestContext run, string host) : ILoggerProvider
{
    /// <summary>A provider for the host started by the fixture or test running now.</summary>
    public static HostErrorsToTestRun ForCurrentTest()
    {
        var context = TestContext.Current;
        var owner = context.Test?.TestDisplayName ?? context.TestClass?.TestClassName ?? "a test";
        return new HostErrorsToTestRun(context, $"host of {owner}");
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new ErrorLogger(message => run.SendDiagnosticMessage($"{host}: {message}"), categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class ErrorLogger(Action<string> send, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var message = $"{logLevel} {category}: {formatter(state, exception)}";
            send(exception is null ? message : $"{message}{Environment.NewLine}{exception}");
        }
    }
}
