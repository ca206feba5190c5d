namespace FitnessDriver.Hosting;

/// <summary>Work that cannot be done now through no fault of its own (a dependency is down): retry it later, never set it aside.</summary>
public class RetryLaterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RetryLaterException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetryLaterException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetryLaterException(string message)
        : base(message)
    {
    }
}
