namespace FitnessDriver.EventLog;

/// <summary>
/// The log cannot accept the append now (disk full, broker unreachable, too many appends in flight).
/// Nothing was acknowledged; the caller may retry later.
/// </summary>
public sealed class EventLogUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventLogUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public EventLogUnavailableException()
        : this("The event log is unavailable.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public EventLogUnavailableException(string message)
        : this(message, null)
    {
    }

    /// <summary>How long the caller should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);
}
