namespace FitnessDriver.Hosting;

/// <summary>
/// A start-up problem the operator fixes by changing a setting or the machine (a folder that cannot be reached, missing
/// PostgreSQL programs, a port in use, Kafka settings that cannot work). Its message is one line naming the setting or
/// path; <see cref="StartupErrors.RunAsync"/> prints it and exits with <see cref="StartupErrors.ExitCode"/>.
/// </summary>
public sealed class StartupException : Exception
{
    /// <summary>A problem described by <paramref name="message"/> (one line: what, where, how to fix).</summary>
    public StartupException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>For serializers and analyzers; prefer the constructor with a message.</summary>
    public StartupException()
    {
    }

    /// <summary>A problem described by <paramref name="message"/>.</summary>
    public StartupException(string message)
        : base(message)
    {
    }
}
