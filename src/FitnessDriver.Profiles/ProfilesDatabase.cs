using FitnessDriver.Postgres;

namespace FitnessDriver.Profiles;

/// <summary>The Profiles database (<c>ConnectionStrings:Profiles</c>): kept apart from the rest because it holds personal data.</summary>
public sealed class ProfilesDatabase(IConfiguration configuration, ILogger<ProfilesDatabase> logger)
    : ServiceDatabase("profiles", ConnectionStringFor(configuration, "Profiles"), typeof(ProfilesDatabase).Assembly, logger);
