using Microsoft.Extensions.Logging;

namespace FitnessDriver.Cli.Dlq;

/// <summary>
/// Keeps the event log's warnings (brokers unreachable, …) instead of writing them across the progress display;
/// a command that fails shows them as the likely reason.
/// </summary>
internal sealed class Warnings : ILoggerProvider
{
    private const int Kept = 20;
    private readonly Queue<string> messages = new();

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (messages)
                return messages.Distinct().ToList();
        }
    }

    public ILoggerFactory Factory() => LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Warning).AddProvider(this));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Add(string message)
    {
        lock (messages)
        {
            messages.Enqueue(message);
            while (messages.Count > Kept)
                messages.Dequeue();
        }
    }

    private sealed class Logger(Warnings warnings) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            warnings.Add(formatter(state, exception));
    }
}
