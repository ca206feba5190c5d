using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.Gamification.Segments;

/// <summary>The path a segment is made of: a stretch of a track, its positions at least <see cref="SpacingM"/> apart.</summary>
internal sealed record SegmentStretch(List<(double Lat, double Lon)> Path, double LengthM)
{
    public const double SpacingM = 10;

    /// <summary>
    /// The positions of <paramref name="track"/> from <paramref name="startT"/> to <paramref name="endT"/>, or null with the
    /// reason in <paramref name="errors"/>. Segments are public, so a stretch through what the athlete's privacy settings
    /// hide from others is refused.
    /// </summary>
    public static SegmentStretch? Cut(ActivityTrack track, long startT, long endT, PrivacySettings privacy, ValidationErrors errors)
    {
        var (lat, lon) = (track.Lat.ToList(), track.Lon.ToList());
        PrivacyMask.Apply(lat, lon, privacy);
        var positions = new List<(double Lat, double Lon)>();
        for (var i = 0; i < track.T.Count && i < track.Lat.Count && i < track.Lon.Count; i++)
        {
            if (track.T[i] < startT || track.T[i] > endT || track.Lat[i] is not { } la || track.Lon[i] is not { } lo)
                continue;
            if (lat[i] is null)
            {
                errors.Add("startT", "the stretch passes where your privacy settings hide your track from others (a privacy zone, or the hidden start or end); "
                    + "segments are public, so choose a stretch outside them");
                return null;
            }

            positions.Add((la, lo));
        }

        if (positions.Count < 2)
        {
            errors.Add("endT", "the activity has fewer than two positions between startT and endT");
            return null;
        }

        var path = new List<(double Lat, double Lon)> { positions[0] };
        foreach (var position in positions.Skip(1))
        {
            if (Geo.HaversineM(path[^1].Lat, path[^1].Lon, position.Lat, position.Lon) >= SpacingM)
                path.Add(position);
        }

        if (path[^1] != positions[^1])
            path.Add(positions[^1]);
        return new SegmentStretch(path, SegmentCourse.LengthOf(path));
    }
}
