using FitnessDriver.Contracts;

namespace FitnessDriver.Gamification.Segments;

/// <summary>
/// An attempt under way: when the track came closest to the start (epoch ms) and how close (metres), and the checkpoint it
/// must pass next.
/// </summary>
public sealed record SegmentAttempt(Guid SegmentId, double StartT, double StartGapM, int Next);

/// <summary>A completed effort: the track passed the start, every checkpoint in order and the end, in these times (epoch ms).</summary>
public sealed record SegmentPass(Guid SegmentId, Guid ActivityId, string DeviceId, double StartT, double EndT)
{
    public int ElapsedMs => (int)Math.Round(EndT - StartT);
}

/// <summary>
/// Matches one device's track to the segments as its positions arrive. A track starts an attempt when it passes within
/// the gate radius of a segment's start, must then pass every checkpoint in order, each within the gate radius, without
/// straying beyond the corridor from the path, and finishes at the end. The effort is timed from the track's closest
/// approach to the start (until it passes the first checkpoint) to its closest approach to the end, interpolated between
/// positions, so it is timed finer than the sampling and the gates' size takes nothing off.
/// </summary>
public sealed class SegmentRider(SegmentIndex.Snapshot index, Sport sport, Guid activityId, string deviceId, SegmentOptions options)
{
    public Guid ActivityId { get; } = activityId;
    public string DeviceId { get; } = deviceId;

    private readonly List<SegmentAttempt> underWay = [];

    /// <summary>Attempts under way, by segment.</summary>
    public Dictionary<Guid, SegmentAttempt> Attempts { get; } = [];

    /// <summary>Efforts completed since this rider was loaded.</summary>
    public List<SegmentPass> Passes { get; } = [];

    /// <summary>The track moved from <paramref name="from"/> (null for its first position) to <paramref name="to"/>.</summary>
    public void Move(GeoPoint? from, GeoPoint to)
    {
        var start = from ?? to;
        if (Attempts.Count > 0)
        {
            // Advancing changes the attempts: walk a copy, kept between positions so a sample allocates nothing.
            underWay.Clear();
            underWay.AddRange(Attempts.Values);
            foreach (var attempt in underWay)
                Advance(attempt, start, to);
        }

        foreach (var course in index.StartsNear(start, to, options.GateRadiusM))
            TryStart(course, start, to);
    }

    /// <summary>The track jumped implausibly (a teleport, a car): every attempt under way is void.</summary>
    public void Lost() => Attempts.Clear();

    /// <summary>How close to the end a track may stop (its last position) and have finished.</summary>
    private const double FinishSnapM = 1;

    private void TryStart(SegmentCourse course, GeoPoint from, GeoPoint to)
    {
        if (course.Sport != sport)
            return;
        var (a, b) = (course.Project(from.Lat, from.Lon), course.Project(to.Lat, to.Lon));
        var (distance, fraction) = course.Checkpoint(0).ToPiece(a, b);
        if (distance > options.GateRadiusM
            || (Attempts.TryGetValue(course.SegmentId, out var current) && (current.Next > 1 || current.StartGapM <= distance)))
            return;
        var attempt = new SegmentAttempt(course.SegmentId, from.T + fraction * (to.T - from.T), distance, 1);
        Attempts[course.SegmentId] = attempt;
        Advance(attempt, from, to);
    }

    private void Advance(SegmentAttempt attempt, GeoPoint from, GeoPoint to)
    {
        if (index.Find(attempt.SegmentId) is not { } course)
        {
            Attempts.Remove(attempt.SegmentId);
            return;
        }

        var (a, b) = (course.Project(from.Lat, from.Lon), course.Project(to.Lat, to.Lon));
        var (next, passedAt) = (attempt.Next, 0.0);
        while (next < course.Checkpoints && course.Checkpoint(next).ToPiece(a, b) is var (distance, fraction) && distance <= options.GateRadiusM)
        {
            // A move that ends closest to the end is still closing in: the next one, moving away, times the finish.
            if (next == course.Checkpoints - 1 && fraction >= 1 && distance > FinishSnapM)
                break;
            passedAt = from.T + fraction * (to.T - from.T);
            next++;
        }

        if (next == course.Checkpoints)
        {
            Attempts.Remove(attempt.SegmentId);
            Passes.Add(new SegmentPass(course.SegmentId, ActivityId, DeviceId, attempt.StartT, passedAt));
        }
        else if (b.ToPiece(course.Checkpoint(next - 1), course.Checkpoint(next)).Distance > options.CorridorM)
        {
            Attempts.Remove(attempt.SegmentId);
        }
        else if (next != attempt.Next)
        {
            Attempts[attempt.SegmentId] = attempt with { Next = next };
        }
    }
}
