using FitnessDriver.Contracts.Api;

namespace FitnessDriver.ServiceDefaults.Privacy;

/// <summary>Athletes' privacy zones, which only Profiles holds: services that show one athlete's track to another ask it.</summary>
public interface IPrivacySettings
{
    /// <summary>The athlete's settings (<see cref="PrivacySettings.None"/> when none are set), or null when there is no such athlete.</summary>
    /// <exception cref="KeysUnavailableException">Profiles cannot be asked right now (the request answers 503).</exception>
    Task<PrivacySettings?> FindAsync(Guid athleteId, CancellationToken cancellationToken);
}
