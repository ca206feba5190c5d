using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;

namespace FitnessDriver.ServiceDefaults.Privacy;

/// <summary>What another athlete may see of a track: positions inside the owner's privacy zones, or within the first or
/// last metres the owner hides, are left out.</summary>
public static class PrivacyMask
{
    /// <summary>Blanks the hidden positions of a track, in place; <paramref name="lat"/> and <paramref name="lon"/> are parallel, in time order.</summary>
    public static void Apply(IList<double?> lat, IList<double?> lon, PrivacySettings settings)
    {
        ArgumentNullException.ThrowIfNull(lat);
        ArgumentNullException.ThrowIfNull(lon);
        ArgumentNullException.ThrowIfNull(settings);
        var along = new double?[lat.Count];
        double total = 0;
        (double Lat, double Lon)? previous = null;
        for (var i = 0; i < lat.Count; i++)
        {
            if (lat[i] is not { } la || lon[i] is not { } lo)
                continue;
            if (previous is { } p)
                total += Geo.HaversineM(p.Lat, p.Lon, la, lo);
            along[i] = total;
            previous = (la, lo);
        }

        for (var i = 0; i < lat.Count; i++)
        {
            if (along[i] is not { } metres)
                continue;
            var nearEnds = settings.HideStartEndM > 0 && (metres < settings.HideStartEndM || total - metres < settings.HideStartEndM);
            if (nearEnds || settings.Zones.Any(z => Geo.HaversineM(z.Lat, z.Lon, lat[i]!.Value, lon[i]!.Value) <= z.RadiusM))
            {
                lat[i] = null;
                lon[i] = null;
            }
        }
    }
}
