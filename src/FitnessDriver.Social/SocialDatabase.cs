using FitnessDriver.Postgres;

namespace FitnessDriver.Social;

/// <summary>The Social database (<c>ConnectionStrings:Social</c>).</summary>
public sealed class SocialDatabase(IConfiguration configuration, ILogger<SocialDatabase> logger)
    : ServiceDatabase("social", ConnectionStringFor(configuration, "Social"), typeof(SocialDatabase).Assembly, logger);
