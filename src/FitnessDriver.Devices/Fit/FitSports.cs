using FitnessDriver.Contracts;

namespace FitnessDriver.Devices.Fit;

/// <summary>Maps the FIT sport enumeration onto <see cref="Sport"/>.</summary>
internal static class FitSports
{
    public static Sport? From(double? fitSport) => fitSport switch
    {
        null => null,
        1 => Sport.Run,
        2 or 21 => Sport.Ride,
        5 => Sport.Swim,
        11 => Sport.Walk,
        17 => Sport.Hike,
        _ => Sport.Other,
    };

    public static byte ToFit(Sport sport) => sport switch
    {
        Sport.Run => 1,
        Sport.Ride => 2,
        Sport.Swim => 5,
        Sport.Walk => 11,
        Sport.Hike => 17,
        _ => 0,
    };
}
