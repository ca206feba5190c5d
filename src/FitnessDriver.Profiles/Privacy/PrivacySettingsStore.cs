using System.Text.Json;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.Profiles.Privacy;

/// <summary>Athletes' privacy zones, sealed in their region's database; also what services in the same process ask.</summary>
public sealed class PrivacySettingsStore(ProfileRegions regions, AthleteKeyStore keys) : IPrivacySettings
{
    /// <summary>Most zones an athlete may keep.</summary>
    public const int MaxZones = 10;

    private const double MinRadiusM = 100;
    private const double MaxRadiusM = 5_000;
    private const double MaxHideStartEndM = 5_000;

    /// <inheritdoc />
    public async Task<PrivacySettings?> FindAsync(Guid athleteId, CancellationToken cancellationToken)
    {
        if (await keys.FindAsync(athleteId, cancellationToken) is not { } key)
            return null;
        await using var command = regions.Of(athleteId).DataSource.CreateCommand("SELECT sealed_privacy FROM profiles.athletes WHERE athlete_id = $1");
        command.Parameters.Add(new() { Value = athleteId });
        var stored = await command.ExecuteScalarAsync(cancellationToken);
        return stored switch
        {
            null => null,
            byte[] sealedSettings => JsonSerializer.Deserialize<PrivacySettings>(Sealed.OpenText(key, Purposes.PrivacyZones, sealedSettings), ContractJson.Options),
            _ => PrivacySettings.None,
        };
    }

    /// <summary>Replaces the athlete's settings; false when there is no such athlete.</summary>
    public async Task<bool> SaveAsync(Guid athleteId, PrivacySettings settings, CancellationToken cancellationToken)
    {
        if (await keys.FindAsync(athleteId, cancellationToken) is not { } key)
            return false;
        var sealedSettings = Sealed.Seal(key, athleteId, Purposes.PrivacyZones, JsonSerializer.Serialize(settings, ContractJson.Options));
        await using var command = regions.Of(athleteId).DataSource.CreateCommand("UPDATE profiles.athletes SET sealed_privacy = $2 WHERE athlete_id = $1");
        command.Parameters.Add(new() { Value = athleteId });
        command.Parameters.Add(new() { Value = sealedSettings });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Checks a request; the settings, or null with the reasons in <paramref name="errors"/>.</summary>
    public static PrivacySettings? Validate(PrivacySettingsRequest request, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var zones = new List<PrivacyZone>();
        if (request.Zones?.Count > MaxZones)
            errors.Add("zones", $"at most {MaxZones} zones");
        for (var i = 0; i < Math.Min(request.Zones?.Count ?? 0, MaxZones); i++)
        {
            var zone = request.Zones![i];
            var field = $"zones[{i}]";
            if (zone is null)
            {
                errors.Add(field, "must be an object with lat, lon and radiusM");
                continue;
            }

            var lat = Check(zone.Lat, $"{field}.lat", -90, 90, errors);
            var lon = Check(zone.Lon, $"{field}.lon", -180, 180, errors);
            var radius = Check(zone.RadiusM, $"{field}.radiusM", MinRadiusM, MaxRadiusM, errors);
            if (lat is not null && lon is not null && radius is not null)
                zones.Add(new PrivacyZone(lat.Value, lon.Value, radius.Value));
        }

        var hide = request.HideStartEndM is null ? 0 : Check(request.HideStartEndM, "hideStartEndM", 0, MaxHideStartEndM, errors);
        return errors.IsEmpty ? new PrivacySettings(zones, hide!.Value) : null;
    }

    private static double? Check(double? value, string field, double min, double max, ValidationErrors errors)
    {
        if (value is null)
            errors.Add(field, "is required");
        else if (!double.IsFinite(value.Value) || value < min || value > max)
            errors.Add(field, $"must be between {min} and {max}");
        else
            return value;
        return null;
    }
}
