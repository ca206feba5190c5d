namespace FitnessDriver.Contracts.Api;

/// <summary>A place (a home, a workplace) around which an athlete's tracks are hidden from everyone else.</summary>
/// <param name="Lat">Centre latitude.</param>
/// <param name="Lon">Centre longitude.</param>
/// <param name="RadiusM">Radius in metres.</param>
public sealed record PrivacyZone(double Lat, double Lon, double RadiusM);

/// <summary>
/// <c>GET</c> and <c>PUT /v1/me/privacy</c>: what other athletes never see of the athlete's tracks. Positions within a
/// zone, and the first and last <paramref name="HideStartEndM"/> metres of every track, are left out of every view
/// another athlete gets.
/// </summary>
public sealed record PrivacySettings(IReadOnlyList<PrivacyZone> Zones, double HideStartEndM)
{
    /// <summary>Nothing hidden: an athlete who set nothing.</summary>
    public static PrivacySettings None { get; } = new([], 0);
}

/// <summary><c>PUT /v1/me/privacy</c> body, as sent: every field is checked before it is stored.</summary>
public sealed record PrivacySettingsRequest(IReadOnlyList<PrivacyZoneRequest?>? Zones, double? HideStartEndM);

/// <summary>A zone as sent.</summary>
public sealed record PrivacyZoneRequest(double? Lat, double? Lon, double? RadiusM);
