namespace FitnessDriver.Contracts;

/// <summary>Kinds of activity. The wire names are the lower-case member names.</summary>
public enum Sport : byte
{
    /// <summary>Running.</summary>
    Run = 1,
    /// <summary>Cycling, indoors or out.</summary>
    Ride = 2,
    /// <summary>Walking.</summary>
    Walk = 3,
    /// <summary>Hiking.</summary>
    Hike = 4,
    /// <summary>Swimming.</summary>
    Swim = 5,
    /// <summary>Anything else.</summary>
    Other = 6,
}

/// <summary>Conversions between <see cref="Sport"/> and its wire name.</summary>
public static class SportNames
{
    private static readonly Dictionary<string, Sport> ByName = Enum.GetValues<Sport>()
        .ToDictionary(s => ToName(s), StringComparer.Ordinal);

    /// <summary>The names accepted on the wire, in order.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<Sport>().Select(ToName).ToArray();

    /// <summary>The wire name: <c>run</c>, <c>ride</c>, ...</summary>
    public static string ToName(this Sport sport) => sport switch
    {
        Sport.Run => "run",
        Sport.Ride => "ride",
        Sport.Walk => "walk",
        Sport.Hike => "hike",
        Sport.Swim => "swim",
        Sport.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(sport), sport, "Unknown sport."),
    };

    /// <summary>Parses a wire name; case-sensitive.</summary>
    public static bool TryParse(string? name, out Sport sport)
    {
        sport = default;
        return name is not null && ByName.TryGetValue(name, out sport);
    }
}
