using FitnessDriver.Postgres;

namespace FitnessDriver.Gamification;

/// <summary>The Gamification database (<c>ConnectionStrings:Gamification</c>).</summary>
public sealed class GamificationDatabase(IConfiguration configuration, ILogger<GamificationDatabase> logger)
    : ServiceDatabase("gamification", ConnectionStringFor(configuration, "Gamification"), typeof(GamificationDatabase).Assembly, logger);
