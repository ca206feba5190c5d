using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Profiles;

/// <summary>Display names straight from the Profiles database, for services in the same process.</summary>
public sealed class ProfilesDisplayNames(ProfilesDatabase database) : IDisplayNames
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<Guid, string>> FindAsync(IReadOnlyCollection<Guid> athleteIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(athleteIds);
        var names = new Dictionary<Guid, string>();
        await using var command = database.DataSource.CreateCommand("SELECT athlete_id, display_name FROM profiles.athletes WHERE athlete_id = ANY($1)");
        command.Parameters.Add(new() { Value = athleteIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            names[reader.GetGuid(0)] = reader.GetString(1);
        return names;
    }
}
