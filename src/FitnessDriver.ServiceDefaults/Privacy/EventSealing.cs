using Microsoft.Extensions.Configuration;

namespace FitnessDriver.ServiceDefaults.Privacy;

/// <summary>
/// Whether the edge seals personal and health data it appends to the log (<c>Privacy:SealEvents</c>, on by default;
/// off only to measure what sealing costs), and with which key.
/// </summary>
public sealed class EventSealing(IConfiguration configuration, IAthleteKeys keys)
{
    /// <summary>True unless <c>Privacy:SealEvents</c> is false.</summary>
    public bool Enabled { get; } = configuration.GetValue("Privacy:SealEvents", true);

    /// <summary>The key to seal the athlete's data with, or null when sealing is off.</summary>
    /// <exception cref="KeysUnavailableException">The key cannot be had now (the request answers 503).</exception>
    /// <exception cref="AthleteErasedException">The athlete was erased.</exception>
    public async ValueTask<byte[]?> KeyAsync(Guid athleteId, CancellationToken cancellationToken) =>
        !Enabled ? null : await keys.FindAsync(athleteId, cancellationToken) ?? throw new AthleteErasedException(athleteId);
}

/// <summary>The athlete does not exist (any more): nothing of theirs can be stored.</summary>
public sealed class AthleteErasedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AthleteErasedException(Guid athleteId)
        : base($"Athlete {athleteId} does not exist.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public AthleteErasedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public AthleteErasedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AthleteErasedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
