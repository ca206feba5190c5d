namespace FitnessDriver.Contracts.Api;

/// <summary>A challenge's goal.</summary>
public sealed record ChallengeGoal(double? DistanceM);

/// <summary><c>POST /v1/challenges</c> body.</summary>
public sealed record CreateChallengeRequest(string? Name, string? Sport, ChallengeGoal? Goal, string? StartsAt, string? EndsAt);

/// <summary><c>POST /v1/challenges</c> answer.</summary>
public sealed record ChallengeCreated(Guid ChallengeId);

/// <summary>A challenge as the calling athlete sees it.</summary>
/// <param name="ChallengeId">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Sport">The sport whose distance counts.</param>
/// <param name="Goal">The distance to cover.</param>
/// <param name="StartsAt">ISO-8601 start.</param>
/// <param name="EndsAt">ISO-8601 end.</param>
/// <param name="Participants">How many joined.</param>
/// <param name="Joined">Whether the caller joined.</param>
/// <param name="DistanceM">The caller's distance so far, once joined.</param>
/// <param name="FinishedAt">When the caller reached the goal.</param>
public sealed record ChallengeView(Guid ChallengeId, string Name, string Sport, ChallengeGoal Goal, string StartsAt, string EndsAt,
    long Participants, bool Joined, double? DistanceM, string? FinishedAt);

/// <summary><c>GET /v1/challenges</c>: challenges that have not ended, and those the caller joined.</summary>
public sealed record ChallengeList(IReadOnlyList<ChallengeView> Items);

/// <summary>One line of <c>GET /v1/challenges/{id}/leaderboard</c>: those who reached the goal first rank first, then the furthest.</summary>
public sealed record LeaderboardEntry(int Rank, Guid AthleteId, string? DisplayName, double DistanceM, string? FinishedAt);
