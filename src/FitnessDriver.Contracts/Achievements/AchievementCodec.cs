using System.Text.Json;

namespace FitnessDriver.Contracts.Achievements;

/// <summary>JSON form of <see cref="Achievement"/>.</summary>
public static class AchievementCodec
{
    /// <summary>Encodes an achievement as UTF-8 JSON.</summary>
    public static byte[] Encode(Achievement achievement) => JsonSerializer.SerializeToUtf8Bytes(achievement, ContractJson.Options);

    /// <summary>Decodes an achievement.</summary>
    /// <exception cref="ContractFormatException">The payload is not a valid achievement.</exception>
    public static Achievement Decode(ReadOnlySpan<byte> payload)
    {
        Achievement? achievement;
        try
        {
            achievement = JsonSerializer.Deserialize<Achievement>(payload, ContractJson.Options);
        }
        catch (JsonException e)
        {
            throw new ContractFormatException($"Invalid achievement: {e.Message}", e);
        }

        return achievement is null || achievement.Id == Guid.Empty || achievement.AthleteId == Guid.Empty
            || string.IsNullOrEmpty(achievement.Type) || achievement.Payload is null
            ? throw new ContractFormatException("An achievement needs id, athleteId, type and payload.")
            : achievement;
    }
}
