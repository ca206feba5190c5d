namespace FitnessDriver.Contracts;

/// <summary>An event payload that cannot be read: truncated, corrupt or of an unknown major version.</summary>
public sealed class ContractFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ContractFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ContractFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ContractFormatException()
    {
    }
}
