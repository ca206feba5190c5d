namespace FitnessDriver.Devices;

/// <summary>
/// The input could not be decoded. Every decoder in this library reports bad input only through a subclass of this
/// exception, so a caller can catch it to tell bad data apart from a programming error.
/// </summary>
public abstract class DeviceDecodeException : Exception
{
    /// <summary>Creates the exception with a message that already contains the location and the reason.</summary>
    protected DeviceDecodeException(string message, string reason, Exception? innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>What is wrong with the input, without the location.</summary>
    public string Reason { get; }
}
