using FitnessDriver.Contracts.Privacy;
using Npgsql;

namespace FitnessDriver.Profiles;

/// <summary>The personal fields of an athlete's profile, sealed with the athlete's data key.</summary>
public static class Profile
{
    /// <summary>Stores the display name, sealed.</summary>
    public static async Task SetDisplayNameAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid athleteId, byte[] key, string displayName,
        CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(
            "UPDATE profiles.athletes SET display_name = NULL, sealed_display_name = $2 WHERE athlete_id = $1", connection, transaction)
        {
            Parameters = { new() { Value = athleteId }, new() { Value = Sealed.Seal(key, athleteId, Purposes.DisplayName, displayName) } },
        };
        await update.ExecuteNonQueryAsync(cancellationToken);
    }
}
