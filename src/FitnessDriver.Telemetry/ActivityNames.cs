using FitnessDriver.Contracts.Privacy;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.Telemetry;

/// <summary>Activity titles the edge knows: plain when it wrote them itself, sealed when it read them back from the log.</summary>
public sealed class ActivityNames(IAthleteKeys keys)
{
    /// <summary>The title of <paramref name="entry"/>, opened with the athlete's key when sealed.</summary>
    public async ValueTask<string?> OfAsync(ActivityEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.SealedName is not { } sealedName)
            return entry.Name;
        return await keys.FindAsync(entry.AthleteId, cancellationToken) is { } key ? Sealed.OpenText(key, Purposes.ActivityName, sealedName) : null;
    }
}
