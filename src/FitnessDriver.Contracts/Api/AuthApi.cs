namespace FitnessDriver.Contracts.Api;

/// <summary><c>POST /v1/auth/sign-in</c> body.</summary>
public sealed record SignInRequest(string? Username, string? Password);

/// <summary><c>POST /v1/auth/refresh</c> body.</summary>
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>
/// The tokens of a session: an access token for <c>Authorization: Bearer</c>, valid <paramref name="ExpiresIn"/> seconds,
/// and a refresh token (valid <paramref name="RefreshExpiresIn"/> seconds, usable once) to get the next pair.
/// </summary>
public sealed record SessionTokens(Guid AthleteId, string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, int RefreshExpiresIn);

/// <summary><c>PUT /v1/me/credentials</c> body: sets the username and password, or changes them (then <paramref name="CurrentPassword"/> is required).</summary>
public sealed record CredentialsRequest(string? Username, string? Password, string? CurrentPassword = null);
