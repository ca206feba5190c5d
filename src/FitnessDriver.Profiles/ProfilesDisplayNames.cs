using FitnessDriver.Contracts.Privacy;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.Profiles;

/// <summary>Display names straight from the Profiles databases (opened with each athlete's key), for services in the same process.</summary>
public sealed class ProfilesDisplayNames(ProfileRegions regions, IAthleteKeys keys) : IDisplayNames
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<Guid, string>> FindAsync(IReadOnlyCollection<Guid> athleteIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(athleteIds);
        var names = new Dictionary<Guid, string>();
        foreach (var inRegion in athleteIds.GroupBy(regions.Of))
        {
            await using var command = inRegion.Key.DataSource.CreateCommand(
                "SELECT athlete_id, display_name, sealed_display_name FROM profiles.athletes WHERE athlete_id = ANY($1)");
            command.Parameters.Add(new() { Value = inRegion.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var athleteId = reader.GetGuid(0);
                if (!reader.IsDBNull(2))
                {
                    if (await keys.FindAsync(athleteId, cancellationToken) is { } key)
                        names[athleteId] = Sealed.OpenText(key, Purposes.DisplayName, (byte[])reader[2]);
                }
                else if (!reader.IsDBNull(1))
                {
                    names[athleteId] = reader.GetString(1);
                }
            }
        }

        return names;
    }
}
