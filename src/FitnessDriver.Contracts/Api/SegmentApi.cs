namespace FitnessDriver.Contracts.Api;

/// <summary>
/// <c>POST /v1/segments</c> body: the stretch of one of the caller's activities between two times of its streams
/// (<c>t</c>, epoch milliseconds).
/// </summary>
public sealed record CreateSegmentRequest(string? Name, Guid? ActivityId, long? StartT, long? EndT);

/// <summary>A position on a segment.</summary>
public sealed record SegmentPoint(double Lat, double Lon);

/// <summary>A segment.</summary>
/// <param name="SegmentId">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Sport">The sport whose activities are matched to it.</param>
/// <param name="DistanceM">The length of its path.</param>
/// <param name="Start">Where its start gate is.</param>
/// <param name="End">Where its end gate is.</param>
/// <param name="Path">Its path, as <c>[lat, lon]</c> pairs at least 10 m apart.</param>
/// <param name="CreatedAt">ISO-8601 time it was made.</param>
/// <param name="Mine">Whether the caller made it (and may delete it).</param>
public sealed record SegmentView(Guid SegmentId, string Name, string Sport, double DistanceM, SegmentPoint Start, SegmentPoint End,
    IReadOnlyList<double[]> Path, string CreatedAt, bool Mine);

/// <summary><c>GET /v1/segments</c>: the segments the caller made, newest first.</summary>
public sealed record SegmentList(IReadOnlyList<SegmentView> Items);

/// <summary>An effort on a segment: one pass from its start gate to its end gate.</summary>
/// <param name="SegmentId">The segment.</param>
/// <param name="Name">The segment's name.</param>
/// <param name="ActivityId">The activity it was part of.</param>
/// <param name="StartedAt">ISO-8601 time the track passed the start gate.</param>
/// <param name="ElapsedS">Seconds from the start gate to the end gate.</param>
/// <param name="Display">The time as the athlete reads it (4:31, 1:02:05).</param>
public sealed record SegmentEffortView(Guid SegmentId, string Name, Guid ActivityId, string StartedAt, double ElapsedS, string Display);

/// <summary><c>GET /v1/me/segment-efforts</c>: the caller's efforts, newest first; pass <paramref name="Cursor"/> back as <c>after</c> for the next page.</summary>
public sealed record SegmentEffortList(IReadOnlyList<SegmentEffortView> Items, string? Cursor);

/// <summary>One athlete's best effort on a segment's leaderboard.</summary>
public sealed record SegmentLeaderboardEntry(int Rank, Guid AthleteId, string? DisplayName, double ElapsedS, string Display, Guid ActivityId, string StartedAt);

/// <summary>
/// <c>GET /v1/segments/{id}/leaderboard</c>: the best effort of each athlete in the period (<c>all</c>, <c>year</c>,
/// <c>month</c>, <c>week</c> or <c>today</c>, in the caller's time zone), fastest first; <paramref name="Athletes"/> counts them all.
/// </summary>
public sealed record SegmentLeaderboard(Guid SegmentId, string Period, string? From, long Athletes, IReadOnlyList<SegmentLeaderboardEntry> Entries);
