namespace FitnessDriver.ServiceDefaults.Privacy;

/// <summary>
/// The data keys that seal athletes' personal and health data (see <see cref="Contracts.Privacy.Sealed"/>). Profiles
/// holds them (wrapped by the master key); other services ask it and keep them in memory for a while.
/// </summary>
public interface IAthleteKeys
{
    /// <summary>The athlete's data key, or null when the athlete does not exist or was erased (the key is destroyed).</summary>
    /// <exception cref="KeysUnavailableException">Profiles cannot be asked right now; try again later.</exception>
    ValueTask<byte[]?> FindAsync(Guid athleteId, CancellationToken cancellationToken);
}

/// <summary>Data keys cannot be had right now (Profiles or its database is down): the work waits and is retried.</summary>
public sealed class KeysUnavailableException : Hosting.RetryLaterException
{
    /// <summary>Creates the exception.</summary>
    public KeysUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public KeysUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public KeysUnavailableException(string message)
        : base(message)
    {
    }
}
