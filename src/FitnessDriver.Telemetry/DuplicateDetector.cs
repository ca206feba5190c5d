using FitnessDriver.Contracts;

namespace FitnessDriver.Telemetry;

/// <summary>
/// Finds the activity a new recording duplicates: the same workout recorded by two devices (a watch's file imported
/// later, a phone recording live) must become one activity, so its distance, XP and challenge progress count once.
/// </summary>
public static class DuplicateDetector
{
    /// <summary>Share of the shorter recording that must overlap the other one.</summary>
    public const double RequiredOverlap = 0.8;

    /// <summary>How long an unfinished activity is assumed to last when comparing a file against it.</summary>
    private static readonly TimeSpan OpenActivitySpan = TimeSpan.FromHours(12);

    /// <summary>A live recording may start this much before another one and still be the same workout.</summary>
    private static readonly TimeSpan EarlyStart = TimeSpan.FromMinutes(2);

    /// <summary>While the other one is still recording, a live recording must start within this long of it.</summary>
    private static readonly TimeSpan LateStartWhileOpen = TimeSpan.FromMinutes(5);

    /// <summary>
    /// For a file covering [<paramref name="from"/>, <paramref name="to"/>]: the activity overlapping it by at least
    /// <see cref="RequiredOverlap"/> of the shorter of the two, the largest overlap winning.
    /// </summary>
    public static ActivityEntry? ForRecording(IEnumerable<ActivityEntry> candidates, Sport? sport, long from, long to, long now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ActivityEntry? best = null;
        double bestOverlap = 0;
        foreach (var candidate in candidates.Where(c => SameSport(c.Sport, sport)))
        {
            var end = candidate.FinishedAt ?? Math.Min(now, candidate.StartedAt + (long)OpenActivitySpan.TotalMilliseconds);
            var overlap = Math.Min(to, end) - Math.Max(from, candidate.StartedAt);
            var shorter = Math.Max(1, Math.Min(to - from, end - candidate.StartedAt));
            var share = (double)overlap / shorter;
            if (overlap > 0 && share >= RequiredOverlap && share > bestOverlap)
                (best, bestOverlap) = (candidate, share);
        }

        return best;
    }

    /// <summary>
    /// For a live recording that starts at <paramref name="startedAt"/> and whose end is not known yet: the activity
    /// it can only overlap by 80 % if both started at about the same time — within the first fifth of a finished
    /// activity, or within five minutes of one still recording.
    /// </summary>
    public static ActivityEntry? ForLiveStart(IEnumerable<ActivityEntry> candidates, Sport sport, long startedAt)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return candidates
            .Where(c => SameSport(c.Sport, sport) && startedAt >= c.StartedAt - (long)EarlyStart.TotalMilliseconds)
            .Where(c => startedAt <= c.StartedAt + (c.FinishedAt is { } finished
                ? (long)((finished - c.StartedAt) * (1 - RequiredOverlap))
                : (long)LateStartWhileOpen.TotalMilliseconds))
            .OrderBy(c => Math.Abs(c.StartedAt - startedAt))
            .FirstOrDefault();
    }

    private static bool SameSport(Sport existing, Sport? incoming) => incoming is null || existing == incoming || existing == Sport.Other || incoming == Sport.Other;
}
