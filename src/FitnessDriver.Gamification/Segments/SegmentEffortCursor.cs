using System.Globalization;

namespace FitnessDriver.Gamification.Segments;

/// <summary>Where a page of efforts ended: efforts sort newest first, then by segment and activity, so that none is skipped or repeated.</summary>
internal sealed record SegmentEffortCursor(DateTime StartedAt, Guid SegmentId, Guid ActivityId)
{
    public static string Of(SegmentEffortRow last) =>
        string.Create(CultureInfo.InvariantCulture, $"{last.StartedAt.ToUniversalTime().Ticks}.{last.SegmentId:N}.{last.ActivityId:N}");

    public static SegmentEffortCursor? Parse(string text) =>
        text.Split('.') is [var ticks, var segment, var activity] && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
        && t is >= 0 and <= 3_155_378_975_999_999_999 && Guid.TryParseExact(segment, "N", out var segmentId) && Guid.TryParseExact(activity, "N", out var activityId)
            ? new SegmentEffortCursor(new DateTime(t, DateTimeKind.Utc), segmentId, activityId)
            : null;
}
