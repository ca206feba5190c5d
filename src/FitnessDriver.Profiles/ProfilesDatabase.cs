using FitnessDriver.Postgres;

namespace FitnessDriver.Profiles;

/// <summary>The Profiles database of one residency region: kept apart from the rest because it holds personal data.</summary>
public sealed class ProfilesDatabase(string region, string connectionString, ILogger logger)
    : ServiceDatabase("profiles", connectionString, typeof(ProfilesDatabase).Assembly, logger)
{
    /// <summary>The region whose athletes it holds.</summary>
    public string Region { get; } = region;
}
