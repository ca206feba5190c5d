namespace FitnessDriver.Gamification.Challenges;

/// <summary>What a challenge measures; its goal and every participant's amount are in the metric's unit.</summary>
public enum ChallengeMetric
{
    /// <summary>Plausible distance, metres.</summary>
    Distance,

    /// <summary>Moving time, seconds.</summary>
    MovingTime,

    /// <summary>Elevation gained, metres.</summary>
    ElevationGain,

    /// <summary>Days (in the athlete's time zone) with enough moving time.</summary>
    ActiveDays,
}

/// <summary>Names of <see cref="ChallengeMetric"/> in the API and the database, and the goal field of each.</summary>
public static class ChallengeMetrics
{
    private static readonly (ChallengeMetric Metric, string Name, string GoalField, double Max)[] Known =
    [
        (ChallengeMetric.Distance, "distance", "distanceM", 10_000_000),
        (ChallengeMetric.MovingTime, "moving-time", "movingSeconds", 366 * 86_400),
        (ChallengeMetric.ElevationGain, "elevation-gain", "elevationGainM", 1_000_000),
        (ChallengeMetric.ActiveDays, "active-days", "activeDays", 366),
    ];

    public static string ToName(this ChallengeMetric metric) => Known.First(k => k.Metric == metric).Name;

    /// <summary>The goal's field in the API, e.g. <c>distanceM</c>.</summary>
    public static string GoalField(this ChallengeMetric metric) => Known.First(k => k.Metric == metric).GoalField;

    /// <summary>The largest goal a challenge of <paramref name="metric"/> may set.</summary>
    public static double MaxGoal(this ChallengeMetric metric) => Known.First(k => k.Metric == metric).Max;

    public static ChallengeMetric Parse(string name) => Known.FirstOrDefault(k => k.Name == name) is { Name: not null } known ? known.Metric : ChallengeMetric.Distance;

    /// <summary>The goal as the API shows it.</summary>
    public static Contracts.Api.ChallengeGoal Goal(ChallengeMetric metric, double goal) => metric switch
    {
        ChallengeMetric.MovingTime => new(MovingSeconds: goal),
        ChallengeMetric.ElevationGain => new(ElevationGainM: goal),
        ChallengeMetric.ActiveDays => new(ActiveDays: goal),
        _ => new(DistanceM: goal),
    };

    /// <summary>What an activity's gain adds to a challenge of <paramref name="metric"/>; active days are counted per day instead.</summary>
    public static double AmountOf(this ChallengeMetric metric, ActivityGain gain) => metric switch
    {
        ChallengeMetric.Distance => gain.DistanceM,
        ChallengeMetric.MovingTime => gain.MovingMs / 1000.0,
        ChallengeMetric.ElevationGain => gain.ElevationM,
        _ => 0,
    };
}
