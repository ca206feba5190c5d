namespace FitnessDriver.TimeSeries;

/// <summary>
/// Speed, distance and altitude as <c>timeseries.samples</c> keeps them: integers in mm/s, cm and dm (the API answers
/// speed to 3 decimals, distance and altitude to 1), and the SQL that reads a row's value in those units whichever
/// columns hold it — rows stored before the integer columns keep theirs in <c>speed</c>, <c>distance</c> and <c>alt</c>.
/// </summary>
public static class SampleUnits
{
    /// <summary>Speed of a row in mm/s (integer).</summary>
    public const string SpeedSql = "coalesce(speed_mms, round(speed::float8 * 1000)::integer)";

    /// <summary>Cumulative distance of a row in cm (bigint).</summary>
    public const string DistanceSql = "coalesce(distance_cm, round(distance * 100)::bigint)";

    /// <summary>Altitude of a row in dm (integer).</summary>
    public const string AltSql = "coalesce(alt_dm, round(alt::float8 * 10)::integer)";

    /// <summary>Speed in mm/s.</summary>
    public static int? SpeedMms(float? metresPerSecond) =>
        metresPerSecond is { } v && double.IsFinite(v) ? (int)Math.Clamp(Math.Round(v * 1000.0), int.MinValue, int.MaxValue) : null;

    /// <summary>Distance in cm.</summary>
    public static long? DistanceCm(double? metres) =>
        metres is { } v && double.IsFinite(v) ? (long)Math.Clamp(Math.Round(v * 100), long.MinValue / 2, long.MaxValue / 2) : null;

    /// <summary>Altitude in dm.</summary>
    public static int? AltDm(float? metres) =>
        metres is { } v && double.IsFinite(v) ? (int)Math.Clamp(Math.Round(v * 10.0), int.MinValue, int.MaxValue) : null;
}
