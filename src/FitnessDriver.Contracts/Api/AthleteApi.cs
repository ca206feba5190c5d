namespace FitnessDriver.Contracts.Api;

/// <summary>
/// <c>POST /v1/athletes</c> body: a display name, optionally a username and password to sign in with later, and the
/// residency region whose database keeps the athlete's personal data (the default one when absent).
/// </summary>
public sealed record CreateAthleteRequest(string? DisplayName, string? Username = null, string? Password = null, string? Region = null);

/// <summary>
/// <c>POST /v1/athletes</c> answer: the new athlete and a session. <paramref name="Token"/> is the long-lived token of
/// clients written before refresh tokens; new clients use <paramref name="AccessToken"/> and <paramref name="RefreshToken"/>.
/// </summary>
public sealed record CreateAthleteResponse(Guid AthleteId, string Token, string AccessToken, int ExpiresIn, string RefreshToken, int RefreshExpiresIn);

/// <summary>An athlete's public name.</summary>
public sealed record AthleteName(Guid AthleteId, string DisplayName);

/// <summary><c>GET /v1/athletes?ids=</c>: public names of the given athletes.</summary>
public sealed record AthleteNames(IReadOnlyList<AthleteName> Items);

/// <summary><c>GET /v1/me</c>: what Profiles holds of the calling athlete.</summary>
public sealed record MyProfile(Guid AthleteId, string DisplayName, string? Username, string Region, string CreatedAt);

/// <summary><c>PATCH /v1/me</c> body: the fields to change.</summary>
public sealed record UpdateProfileRequest(string? DisplayName);

/// <summary>
/// <c>DELETE /v1/me</c> body: the athlete proves it is them once more, with their password, or (athletes without one)
/// with their session's current refresh token.
/// </summary>
public sealed record EraseRequest(string? Password = null, string? RefreshToken = null);

/// <summary>
/// <c>DELETE /v1/me</c> answer: what was erased and when. <paramref name="Deleted"/> counts what went from Profiles at
/// once; <paramref name="ErasedBy"/> names what every other service deletes when it reads the erasure event (in seconds,
/// or when it is back if it is down); <paramref name="Unreadable"/> names copies that cannot be deleted but can no longer
/// be read, since the athlete's data key was destroyed.
/// </summary>
public sealed record ErasureReceipt(
    Guid AthleteId,
    string ErasedAt,
    string Region,
    IReadOnlyDictionary<string, long> Deleted,
    IReadOnlyList<string> ErasedBy,
    IReadOnlyList<string> Unreadable);

/// <summary>
/// An export of everything the platform holds of the athlete (GDPR art. 15, 20): <c>POST /v1/me/export</c> starts one,
/// <c>GET /v1/me/export/{exportId}</c> shows its progress. <paramref name="Status"/> is queued, running, done or failed;
/// once done, <paramref name="Archive"/> is the path of the ZIP to download.
/// </summary>
public sealed record ExportStatus(
    Guid ExportId,
    string Status,
    int ActivitiesDone,
    int? ActivitiesTotal,
    string RequestedAt,
    string? FinishedAt,
    string? Failure,
    string? Archive,
    long? ArchiveBytes);
