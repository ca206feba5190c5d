namespace FitnessDriver.Contracts;

/// <summary>Who besides the athlete may see an activity. The wire names are <c>everyone</c>, <c>followers</c> and <c>only-me</c>.</summary>
public enum Visibility : byte
{
    /// <summary>Every signed-in athlete: the activity shows on the athlete's public page and counts toward challenges.</summary>
    Everyone = 0,
    /// <summary>The athlete's followers only; never on challenge leaderboards.</summary>
    Followers = 1,
    /// <summary>The athlete alone.</summary>
    OnlyMe = 2,
}

/// <summary>Conversions between <see cref="Visibility"/> and its wire name.</summary>
public static class VisibilityNames
{
    /// <summary>The names accepted on the wire, in order.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<Visibility>().Select(ToName).ToArray();

    /// <summary>The wire name.</summary>
    public static string ToName(this Visibility visibility) => visibility switch
    {
        Visibility.Everyone => "everyone",
        Visibility.Followers => "followers",
        Visibility.OnlyMe => "only-me",
        _ => throw new ArgumentOutOfRangeException(nameof(visibility), visibility, "Unknown visibility."),
    };

    /// <summary>Parses a wire name.</summary>
    public static bool TryParse(string? name, out Visibility visibility)
    {
        foreach (var candidate in Enum.GetValues<Visibility>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.Ordinal))
            {
                visibility = candidate;
                return true;
            }
        }

        visibility = Visibility.Everyone;
        return false;
    }
}
