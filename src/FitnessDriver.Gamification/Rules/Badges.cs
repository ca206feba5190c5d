using FitnessDriver.Contracts;

namespace FitnessDriver.Gamification.Rules;

/// <summary>A badge for reaching a distance in one activity.</summary>
/// <param name="Id">Stable id, part of the award key.</param>
/// <param name="Name">Shown to the athlete.</param>
/// <param name="DistanceM">Distance to reach in one activity.</param>
/// <param name="Sports">Sports it counts for; empty for all.</param>
public sealed record Badge(string Id, string Name, double DistanceM, IReadOnlySet<Sport> Sports)
{
    /// <summary>True when an activity of <paramref name="sport"/> that covered <paramref name="distanceM"/> earns it.</summary>
    public bool IsEarnedBy(Sport sport, double distanceM) => distanceM >= DistanceM && (Sports.Count == 0 || Sports.Contains(sport));
}

/// <summary>The badge catalogue.</summary>
public static class Badges
{
    private static readonly HashSet<Sport> OnFoot = [Sport.Run, Sport.Walk, Sport.Hike];

    /// <summary>Every badge, in the order they are usually earned.</summary>
    public static IReadOnlyList<Badge> All { get; } =
    [
        new("first-km", "First kilometre", 1_000, new HashSet<Sport>()),
        new("5k", "5K", 5_000, OnFoot),
        new("10k", "10K", 10_000, OnFoot),
        new("half-marathon", "Half marathon", 21_097.5, OnFoot),
        new("marathon", "Marathon", 42_195, OnFoot),
        new("century", "Century ride", 100_000, new HashSet<Sport> { Sport.Ride }),
    ];

    /// <summary>The badge with this id, if any.</summary>
    public static Badge? Find(string id) => All.FirstOrDefault(b => b.Id == id);
}
