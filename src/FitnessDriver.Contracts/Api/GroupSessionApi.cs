namespace FitnessDriver.Contracts.Api;

/// <summary><c>POST /v1/group-sessions</c> body.</summary>
/// <param name="Name">1–100 characters.</param>
/// <param name="ClubId">A club the caller is in: its members may join.</param>
public sealed record CreateGroupSessionRequest(string? Name, Guid? ClubId = null);

/// <summary><c>POST /v1/group-sessions/{id}/join</c> body (optional).</summary>
/// <param name="ActivityId">The activity the caller records in the session; without it, the first one recorded after joining.</param>
public sealed record JoinGroupSessionRequest(Guid? ActivityId = null);

/// <summary>A member of a live group session: live figures, never positions.</summary>
/// <param name="AthleteId">The member.</param>
/// <param name="DisplayName">Their display name.</param>
/// <param name="ActivityId">The activity they record in the session, once known.</param>
/// <param name="DistanceM">Distance of that activity so far.</param>
/// <param name="PaceSPerKm">Seconds per kilometre over the last 15–30 s, while moving.</param>
/// <param name="HrZone">Heart-rate zone 1–5 of the latest heart rate, when one is known.</param>
/// <param name="Finished">Whether they finished the activity.</param>
/// <param name="Rank">By distance, furthest first; ties share a rank.</param>
public sealed record GroupMemberView(Guid AthleteId, string? DisplayName, Guid? ActivityId, double DistanceM, double? PaceSPerKm, int? HrZone, bool Finished, int Rank);

/// <summary>A live group session.</summary>
/// <param name="SessionId">Its id: the link others join with.</param>
/// <param name="Name">Its name.</param>
/// <param name="ClubId">The club whose members may join, for a club session.</param>
/// <param name="HostId">Who started it.</param>
/// <param name="StartedAt">ISO-8601: when it started.</param>
/// <param name="Members">Its members in rank order.</param>
public sealed record GroupSessionView(Guid SessionId, string Name, Guid? ClubId, Guid HostId, string StartedAt, IReadOnlyList<GroupMemberView> Members);

/// <summary><c>GET /v1/group-sessions</c>: the live sessions the caller is in.</summary>
public sealed record GroupSessionList(IReadOnlyList<GroupSessionView> Items);
