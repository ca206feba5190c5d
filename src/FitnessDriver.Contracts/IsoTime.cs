using System.Globalization;

namespace FitnessDriver.Contracts;

/// <summary>
/// The API's time text: fields ending in <c>At</c> are ISO-8601 UTC with milliseconds
/// (<c>2026-12-31T21:00:00.000Z</c>), while sample times are epoch milliseconds.
/// </summary>
public static class IsoTime
{
    private const string Format = "yyyy-MM-ddTHH:mm:ss.fffZ";

    /// <summary>Formats Unix epoch milliseconds.</summary>
    public static string FromEpochMilliseconds(long epochMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Formats a time read from the database (UTC, or converted to UTC).</summary>
    public static string From(DateTime time) => time.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture);
}
