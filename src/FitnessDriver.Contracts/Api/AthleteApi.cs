namespace FitnessDriver.Contracts.Api;

/// <summary><c>POST /v1/athletes</c> body: a display name, and optionally a username and password to sign in with later.</summary>
public sealed record CreateAthleteRequest(string? DisplayName, string? Username = null, string? Password = null);

/// <summary>
/// <c>POST /v1/athletes</c> answer: the new athlete and a session. <paramref name="Token"/> is the long-lived token of
/// clients written before refresh tokens; new clients use <paramref name="AccessToken"/> and <paramref name="RefreshToken"/>.
/// </summary>
public sealed record CreateAthleteResponse(Guid AthleteId, string Token, string AccessToken, int ExpiresIn, string RefreshToken, int RefreshExpiresIn);

/// <summary>An athlete's public name.</summary>
public sealed record AthleteName(Guid AthleteId, string DisplayName);

/// <summary><c>GET /v1/athletes?ids=</c>: public names of the given athletes.</summary>
public sealed record AthleteNames(IReadOnlyList<AthleteName> Items);
