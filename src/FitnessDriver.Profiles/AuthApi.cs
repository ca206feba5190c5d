using System.Security.Claims;
using System.Text.Json;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Profiles.Identity;
using FitnessDriver.Profiles.Privacy;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Identity;

namespace FitnessDriver.Profiles;

/// <summary>Sign-in, refresh, logout, credentials and the public signing keys.</summary>
public static class AuthApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/v1/auth").WithTags("Identity");
        auth.MapPost("/sign-in", SignInAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn).Produces<SessionTokens>();
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn).Produces<SessionTokens>();
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization().Produces(StatusCodes.Status204NoContent);
        auth.MapPost("/logout-all", LogoutAllAsync).RequireAuthorization().Produces(StatusCodes.Status204NoContent);
        routes.MapPut("/v1/me/credentials", SetCredentialsAsync).WithTags("Identity").RequireAuthorization().Produces(StatusCodes.Status204NoContent);
        routes.MapGet("/.well-known/jwks.json", Jwks).WithTags("Identity").AllowAnonymous();
        return routes;
    }

    internal static IResult UsernameTaken() =>
        Problems.Validation(StatusCodes.Status409Conflict, "Username taken", new Dictionary<string, string[]> { ["username"] = ["belongs to another athlete"] });

    private static async Task<IResult> SignInAsync(HttpContext context, Credentials credentials, Sessions sessions, AuditLog audit, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<SignInRequest>(context.Request);
        if (!body.Succeeded)
            return body.Problem!;
        if (body.Value!.Username is not { Length: > 0 } username || body.Value.Password is not { Length: > 0 } password)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid sign-in", new Dictionary<string, string[]> { ["username"] = ["username and password are required"] });
        if (await credentials.SignInAsync(username, password, cancellationToken) is not { } athleteId)
        {
            audit.SignInFailed(context.Connection.RemoteIpAddress);
            return Problems.Create(StatusCodes.Status401Unauthorized, "Sign-in failed", "The username or the password is wrong.");
        }

        var tokens = await sessions.StartAsync(athleteId, cancellationToken);
        audit.SignedIn(athleteId, tokens.SessionId, context.Connection.RemoteIpAddress);
        return TypedResults.Ok(View(tokens));
    }

    private static async Task<IResult> RefreshAsync(HttpRequest request, Sessions sessions, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RefreshRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        if (body.Value!.RefreshToken is not { Length: > 0 and <= 256 } refreshToken)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid refresh", new Dictionary<string, string[]> { ["refreshToken"] = ["is required"] });
        return await sessions.RefreshAsync(refreshToken, cancellationToken) is { } tokens
            ? TypedResults.Ok(View(tokens))
            : Problems.Create(StatusCodes.Status401Unauthorized, "Refresh refused",
                "The refresh token is unknown, expired, revoked or was used before (then its whole session is revoked). Sign in again.");
    }

    private static async Task<IResult> LogoutAsync(ClaimsPrincipal user, Sessions sessions, AuditLog audit, CancellationToken cancellationToken)
    {
        await sessions.RevokeAsync(user.AthleteId(), user.SessionId(), "logout", cancellationToken);
        audit.LoggedOut(user.AthleteId(), user.SessionId());
        return TypedResults.NoContent();
    }

    private static async Task<IResult> LogoutAllAsync(ClaimsPrincipal user, Sessions sessions, AuditLog audit, CancellationToken cancellationToken)
    {
        await sessions.SignOutEverywhereAsync(user.AthleteId(), cancellationToken);
        audit.SignedOutEverywhere(user.AthleteId());
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetCredentialsAsync(HttpRequest request, ClaimsPrincipal user, ProfileRegions regions, AthleteKeyStore keys, Credentials credentials,
        AuditLog audit, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CredentialsRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var errors = new ValidationErrors();
        Credentials.Validate(body.Value!.Username, body.Value.Password, errors);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid credentials", errors.ToDictionary());
        var athleteId = user.AthleteId();
        if (!await credentials.MayChangeAsync(athleteId, body.Value.CurrentPassword, cancellationToken))
        {
            return Problems.Validation(StatusCodes.Status403Forbidden, "Current password required",
                new Dictionary<string, string[]> { ["currentPassword"] = ["is required and must be the current password to change it"] });
        }

        if (await keys.FindAsync(athleteId, cancellationToken) is not { } key)
            return Problems.NotFound("athlete");
        await using var connection = await regions.Of(athleteId).DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await credentials.SetAsync(connection, transaction, athleteId, key, body.Value.Username!, body.Value.Password!, cancellationToken))
            return UsernameTaken();
        await transaction.CommitAsync(cancellationToken);
        audit.CredentialsChanged(athleteId);
        return TypedResults.NoContent();
    }

    private static IResult Jwks(SigningKeyRing keys) =>
        TypedResults.Text(JsonSerializer.Serialize(new { keys = keys.Current().Select(k => JsonSerializer.Deserialize<JsonElement>(k)) }), "application/jwk-set+json");

    private static SessionTokens View(IssuedTokens tokens) =>
        new(tokens.AthleteId, tokens.AccessToken, "Bearer", tokens.ExpiresIn, tokens.RefreshToken, tokens.RefreshExpiresIn);
}
