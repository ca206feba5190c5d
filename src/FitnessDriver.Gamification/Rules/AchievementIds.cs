using FitnessDriver.Contracts;

namespace FitnessDriver.Gamification.Rules;

/// <summary>
/// Achievement ids: the same award always gets the same id, so every consumer downstream can drop duplicates by id.
/// </summary>
public static class AchievementIds
{
    private static readonly Guid Namespace = new("5b0d6a0e-8a43-4d1e-9f6a-6f1d3c0c2a11");

    /// <summary>The id of the achievement named <paramref name="name"/>.</summary>
    public static Guid For(string name) => NameBasedGuid.Create(Namespace, name);
}
