namespace FitnessDriver.Contracts.Api;

/// <summary>A challenge's goal: exactly one of distance (m), moving time (s), elevation gain (m) or active days.</summary>
public sealed record ChallengeGoal(double? DistanceM = null, double? MovingSeconds = null, double? ElevationGainM = null, double? ActiveDays = null);

/// <summary><c>POST /v1/challenges</c> body; with <paramref name="Teams"/>, athletes join as teams and teams are ranked too.</summary>
public sealed record CreateChallengeRequest(string? Name, string? Sport, ChallengeGoal? Goal, string? StartsAt, string? EndsAt, bool? Teams = null);

/// <summary>
/// <c>POST /v1/challenges/{id}/join</c> body of a team challenge: exactly one of an existing team, the name of a new
/// team, or a club the caller is in (the club's team, made when its first member joins).
/// </summary>
public sealed record JoinChallengeRequest(Guid? TeamId = null, string? Team = null, Guid? ClubId = null);

/// <summary><c>POST /v1/challenges</c> answer.</summary>
public sealed record ChallengeCreated(Guid ChallengeId);

/// <summary>A challenge as the calling athlete sees it.</summary>
/// <param name="ChallengeId">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Sport">The sport whose activities count.</param>
/// <param name="Metric">What it measures: distance, moving-time, elevation-gain or active-days.</param>
/// <param name="Goal">The amount to reach.</param>
/// <param name="StartsAt">ISO-8601 start.</param>
/// <param name="EndsAt">ISO-8601 end.</param>
/// <param name="Participants">How many joined.</param>
/// <param name="Joined">Whether the caller joined.</param>
/// <param name="Progress">The caller's amount so far in the goal's unit, once joined.</param>
/// <param name="DistanceM">The caller's distance so far, once joined a distance challenge.</param>
/// <param name="FinishedAt">When the caller reached the goal.</param>
/// <param name="Teams">Whether athletes take part as teams.</param>
/// <param name="TeamId">The caller's team, in a team challenge.</param>
public sealed record ChallengeView(Guid ChallengeId, string Name, string Sport, string Metric, ChallengeGoal Goal, string StartsAt, string EndsAt,
    long Participants, bool Joined, double? Progress, double? DistanceM, string? FinishedAt, bool Teams = false, Guid? TeamId = null);

/// <summary><c>GET /v1/challenges</c>: challenges that have not ended, and those the caller joined.</summary>
public sealed record ChallengeList(IReadOnlyList<ChallengeView> Items);

/// <summary>
/// One line of <c>GET /v1/challenges/{id}/leaderboard</c>: those who reached the goal first rank first, then the furthest.
/// <paramref name="Value"/> is in the goal's unit; <paramref name="DistanceM"/> is there for distance challenges.
/// </summary>
public sealed record LeaderboardEntry(int Rank, Guid AthleteId, string? DisplayName, double Value, double? DistanceM, string? FinishedAt);

/// <summary>
/// One line of <c>GET /v1/challenges/{id}/teams</c>: teams by the sum of their members' counted amounts, the furthest
/// first; teams as far as each other share a rank. <paramref name="Value"/> is in the goal's unit; <paramref name="DistanceM"/>
/// is there for distance challenges.
/// </summary>
public sealed record TeamLeaderboardEntry(int Rank, Guid TeamId, string Name, Guid? ClubId, long Members, double Value, double? DistanceM);
