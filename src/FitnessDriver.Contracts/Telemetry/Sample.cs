using System.Text.Json.Serialization;

namespace FitnessDriver.Contracts.Telemetry;

/// <summary>
/// One instant of one device. Every channel is optional.
/// </summary>
/// <param name="T">Unix epoch milliseconds.</param>
/// <param name="Hr">Heart rate, beats per minute.</param>
/// <param name="Power">Power, watts.</param>
/// <param name="Cadence">Cadence, revolutions (or steps) per minute.</param>
/// <param name="Speed">Speed, metres per second.</param>
/// <param name="Distance">Cumulative distance since the activity started, metres.</param>
/// <param name="Lat">Latitude, degrees.</param>
/// <param name="Lon">Longitude, degrees.</param>
/// <param name="Alt">Altitude, metres.</param>
/// <param name="Rr">RR intervals in milliseconds, oldest first.</param>
public sealed record Sample(
    long T,
    int? Hr = null,
    int? Power = null,
    int? Cadence = null,
    float? Speed = null,
    double? Distance = null,
    double? Lat = null,
    double? Lon = null,
    float? Alt = null,
    IReadOnlyList<int>? Rr = null)
{
    /// <summary>True when both coordinates are present.</summary>
    [JsonIgnore]
    public bool HasPosition => Lat is not null && Lon is not null;
}
