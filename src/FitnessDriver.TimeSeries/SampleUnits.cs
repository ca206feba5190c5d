namespace FitnessDriver.TimeSeries;

/// <summary>
/// Speed, distance and altitude as <c>timeseries.samples</c> keeps them: integers in mm/s, dm and dm — the precision the
/// API answers them in (3, 1 and 1 decimals), rounded the same way, so a second's value reads as before — and the SQL
/// that reads a row's value in those units whichever
/// columns hold it — rows stored before the integer columns keep theirs in <c>speed</c>, <c>distance</c> and <c>alt</c>.
/// </summary>
public static class SampleUnits
{
    /// <summary>Speed of a row in mm/s (integer).</summary>
    public const string SpeedSql = "coalesce(speed_mms, round(speed::float8 * 1000)::integer)";

    /// <summary>Cumulative distance of a row in dm (bigint).</summary>
    public const string DistanceSql = "coalesce(distance_dm, round(distance * 10)::bigint)";

    /// <summary>Altitude of a row in dm (integer).</summary>
    public const string AltSql = "coalesce(alt_dm, round(alt::float8 * 10)::integer)";

    /// <summary>Speed in mm/s.</summary>
    public static int? SpeedMms(float? metresPerSecond) =>
        metresPerSecond is { } v && double.IsFinite(v) ? (int)Math.Clamp(Math.Round(v * 1000.0), int.MinValue, int.MaxValue) : null;

    /// <summary>Distance in dm.</summary>
    public static long? DistanceDm(double? metres) =>
        metres is { } v && double.IsFinite(v) ? (long)Math.Clamp(Math.Round(v * 10), long.MinValue / 2, long.MaxValue / 2) : null;

    /// <summary>Altitude in dm.</summary>
    public static int? AltDm(float? metres) =>
        metres is { } v && double.IsFinite(v) ? (int)Math.Clamp(Math.Round(v * 10.0), int.MinValue, int.MaxValue) : null;
}
